package dev.tessera.core.escalation;

import java.util.List;
import java.util.Objects;

/**
 * What the large model is asked. Text here is redacted again before it leaves the process.
 *
 * @param tenantId whose budget pays for it
 * @param assistantId the assistant escalating
 * @param assistantName the assistant's display name
 * @param assistantDescription what the assistant is for (the large model's brief)
 * @param question the user's message after input rails
 * @param passages knowledge passages that may help, best first (may be empty)
 */
public record EscalationRequest(String tenantId, String assistantId, String assistantName, String assistantDescription, String question,
		List<String> passages) {

	public EscalationRequest {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(assistantId, "assistantId cannot be null");
		Objects.requireNonNull(assistantName, "assistantName cannot be null");
		Objects.requireNonNull(assistantDescription, "assistantDescription cannot be null");
		if (question == null || question.isBlank()) {
			throw new IllegalArgumentException("question cannot be null or empty");
		}
		passages = List.copyOf(passages);
	}

}
