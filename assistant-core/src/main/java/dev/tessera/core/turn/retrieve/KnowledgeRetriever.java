package dev.tessera.core.turn.retrieve;

import dev.tessera.core.assistant.AssistantDefinition;

/**
 * Stage 3: finds the passages of the assistant's knowledge that bear on the message.
 */
public interface KnowledgeRetriever {

	/** @param tenant whose knowledge (besides the shared pack knowledge) may be searched */
	Retrieval retrieve(AssistantDefinition assistant, String tenant, String message);

}
