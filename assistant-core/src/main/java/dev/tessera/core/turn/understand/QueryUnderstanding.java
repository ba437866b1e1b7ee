package dev.tessera.core.turn.understand;

import dev.tessera.core.assistant.AssistantDefinition;

/**
 * Stage 2: what the user wants (task heads: intent, urgency, clause type) and which domain rules apply.
 */
public interface QueryUnderstanding {

	Understanding understand(AssistantDefinition assistant, String message);

	/**
	 * The same, for a message of a known conversation: a stage that reads the conversation so far (a domain assessor
	 * gathering facts over follow-up questions) overrides this; the others see the message alone.
	 */
	default Understanding understand(AssistantDefinition assistant, String message, String conversationId) {
		return understand(assistant, message);
	}

}
