package dev.tessera.core.turn.understand;

import dev.tessera.core.assistant.AssistantDefinition;

/**
 * Stage 2: what the user wants (task heads: intent, urgency, clause type) and which domain rules apply.
 */
public interface QueryUnderstanding {

	Understanding understand(AssistantDefinition assistant, String message);

}
