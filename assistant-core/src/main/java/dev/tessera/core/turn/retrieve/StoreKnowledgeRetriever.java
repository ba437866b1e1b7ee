package dev.tessera.core.turn.retrieve;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchRequest;

/**
 * Searches the assistant's collection in a {@link KnowledgeStore}.
 */
public final class StoreKnowledgeRetriever implements KnowledgeRetriever {

	private final KnowledgeStore store;

	public StoreKnowledgeRetriever(KnowledgeStore store) {
		this.store = store;
	}

	@Override
	public Retrieval retrieve(AssistantDefinition assistant, String tenant, String message) {
		var hits = this.store
			.search(SearchRequest.lexical(tenant, assistant.collection(), message, assistant.retrieval().topK()));
		return new Retrieval(hits, assistant.retrieval().minScore());
	}

}
