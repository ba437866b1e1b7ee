package dev.tessera.core.turn.understand;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.Turn;

/**
 * Stage 2: what the user wants (task heads: intent, urgency, clause type) and which domain rules apply.
 */
public interface QueryUnderstanding {

	Understanding understand(AssistantDefinition assistant, String message);

	/**
	 * The same, for a message of a turn: a stage that reads the conversation so far (a domain assessor gathering facts
	 * over follow-up questions) overrides this and reads {@link Turn#history()}; the others see the message alone.
	 *
	 * @param message the message after input rails (redacted)
	 */
	default Understanding understand(Turn turn, String message) {
		return understand(turn.assistant(), message);
	}

}
