package dev.tessera.core.turn.understand;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;

/**
 * What a {@link DomainAssessor} sees of a turn.
 *
 * @param assistant the assistant answering
 * @param message the user's message after the input rails (redacted)
 * @param earlier the conversation's messages before this one, oldest first, as stored (user text redacted); empty
 * when the conversation is new or no conversation store is configured
 * @param settings the assessor's settings from the pack
 */
public record AssessmentRequest(AssistantDefinition assistant, String message, List<ChatMessage> earlier,
		Map<String, String> settings) {

	public AssessmentRequest {
		Objects.requireNonNull(assistant, "assistant cannot be null");
		Objects.requireNonNull(message, "message cannot be null");
		earlier = List.copyOf(earlier);
		settings = Map.copyOf(settings);
	}

	public String setting(String key, String fallback) {
		String value = this.settings.get(key);
		return value == null || value.isBlank() ? fallback : value.strip();
	}

}
