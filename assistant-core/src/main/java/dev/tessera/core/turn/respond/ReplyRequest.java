package dev.tessera.core.turn.respond;

import java.util.Objects;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.route.RouteDecision;

/**
 * What a responder needs to write a reply.
 *
 * @param assistant the assistant answering
 * @param tenantId the tenant of the conversation (whose escalation budget pays)
 * @param message the user's message after input rails (redacted)
 * @param decision the route decision
 * @param retrieval the passages found
 */
public record ReplyRequest(AssistantDefinition assistant, String tenantId, String message, RouteDecision decision,
		Retrieval retrieval) {

	public ReplyRequest {
		Objects.requireNonNull(assistant, "assistant cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(message, "message cannot be null");
		Objects.requireNonNull(decision, "decision cannot be null");
		Objects.requireNonNull(retrieval, "retrieval cannot be null");
	}

	public ReplyRequest withDecision(RouteDecision newDecision) {
		return new ReplyRequest(this.assistant, this.tenantId, this.message, newDecision, this.retrieval);
	}

}
