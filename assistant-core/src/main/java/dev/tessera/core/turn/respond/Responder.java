package dev.tessera.core.turn.respond;

import java.util.function.Consumer;

/**
 * Stage 5: writes the reply for the chosen route.
 */
public interface Responder {

	Reply respond(ReplyRequest request);

	/**
	 * The reply, with its text handed to {@code tokens} piece by piece as it is written, for a streamed turn. A
	 * responder that does not generate writes it whole; the returned reply's text is what counts, and the caller
	 * treats anything else passed to {@code tokens} as withdrawn.
	 */
	default Reply respond(ReplyRequest request, Consumer<String> tokens) {
		return respond(request);
	}

}
