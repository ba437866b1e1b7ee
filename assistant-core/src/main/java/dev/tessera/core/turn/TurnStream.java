package dev.tessera.core.turn;

import dev.tessera.core.assistant.Route;

/**
 * Where a streamed turn's reply goes as it is written and checked. Every piece has passed the output rails; a
 * retraction withdraws everything released before it (an output rail stopped the reply, or it was replaced), and
 * what follows it is the reply that stands.
 */
public interface TurnStream {

	/** The route is chosen and the reply is being written. */
	default void routed(Route route) {
	}

	/** The next checked piece of the reply, to show after the earlier ones. */
	void release(String text);

	/** Everything released so far is withdrawn. */
	void retract(String reason);

}
