package dev.tessera.core.turn.dialogue;

import java.util.List;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.Turn;
import dev.tessera.core.turn.understand.Understanding;

/**
 * Between understanding and routing: the conversation around the message. Calls the pack's tools (or finds the
 * slots they still need) and reads how the conversation is going (sentiment, unhelpful turns in a row); after the
 * turn, remembers what the next turn needs.
 */
public interface DialogueStage {

	/**
	 * @param turn the turn, with the user's text as sent (slot values are read from it, in memory)
	 * @param redactedMessage the text after input rails
	 * @param understanding the intent and domain rules
	 * @param earlier what the stages before proposed for the route: no tool runs when one of them outranks it (a
	 * tool may change data, and whoever takes over should decide)
	 */
	Dialogue read(Turn turn, String redactedMessage, Understanding understanding, List<RouteProposal> earlier);

	/** After the turn: remember slots, the open question and unhelpful turns, given the route finally taken. */
	void conclude(Turn turn, Dialogue dialogue, Route route);

	/** No tools and no conversation signals (pipelines built without a dialogue stage). */
	static DialogueStage none() {
		return new DialogueStage() {

			@Override
			public Dialogue read(Turn turn, String redactedMessage, Understanding understanding,
					List<RouteProposal> earlier) {
				return Dialogue.none();
			}

			@Override
			public void conclude(Turn turn, Dialogue dialogue, Route route) {
			}

		};
	}

}
