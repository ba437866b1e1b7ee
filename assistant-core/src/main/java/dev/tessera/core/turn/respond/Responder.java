package dev.tessera.core.turn.respond;

/**
 * Stage 5: writes the reply for the chosen route.
 */
public interface Responder {

	Reply respond(ReplyRequest request);

}
