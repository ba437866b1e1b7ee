package dev.tessera.core.turn;

import java.util.Objects;

/**
 * One user message to answer.
 *
 * @param tenantId the tenant the conversation belongs to
 * @param conversationId the conversation
 * @param assistantId the assistant that answers
 * @param message the user's text, as sent
 */
public record TurnRequest(String tenantId, String conversationId, String assistantId, String message) {

	public TurnRequest {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(conversationId, "conversationId cannot be null");
		Objects.requireNonNull(assistantId, "assistantId cannot be null");
		Objects.requireNonNull(message, "message cannot be null");
	}

}
