package dev.tessera.core.assistant.pack;

import java.util.List;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.chunk.ParagraphChunker;

/**
 * Puts each assistant's pack knowledge into its collection of the knowledge store, as shared knowledge that every
 * tenant sees.
 */
public final class PackKnowledgeIndexer {

	private final KnowledgeStore store;

	private final ParagraphChunker chunker = new ParagraphChunker();

	public PackKnowledgeIndexer(KnowledgeStore store) {
		this.store = store;
	}

	/** Indexes the assistant's documents and returns the number of chunks added. */
	public int index(AssistantDefinition assistant) {
		int added = 0;
		for (AssistantDefinition.KnowledgeDocument document : assistant.knowledge()) {
			List<KnowledgeChunk> chunks = this.chunker.chunk(KnowledgeChunk.SHARED_TENANT, assistant.collection(),
					document.path(),
					document.title(), document.content());
			this.store.add(chunks);
			added += chunks.size();
		}
		return added;
	}

}
