package dev.tessera.core.turn.respond;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.route.RouteDecision;

/**
 * Stage 5: writes the reply for the chosen route.
 */
public interface Responder {

	Reply respond(AssistantDefinition assistant, RouteDecision decision, Retrieval retrieval);

}
