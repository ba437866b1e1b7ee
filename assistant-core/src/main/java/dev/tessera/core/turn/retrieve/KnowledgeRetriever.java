package dev.tessera.core.turn.retrieve;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.Turn;

/**
 * Stage 3: finds the passages of the assistant's knowledge that bear on the message.
 */
public interface KnowledgeRetriever {

	/** @param tenant whose knowledge (besides the shared pack knowledge) may be searched */
	Retrieval retrieve(AssistantDefinition assistant, String tenant, String message);

	/**
	 * The same within a turn: a retriever that embeds the query reads it through the turn's vectors (the message is
	 * embedded once per turn); the others search as above.
	 */
	default Retrieval retrieve(Turn turn, String message) {
		return retrieve(turn.assistant(), turn.request().tenantId(), message);
	}

}
