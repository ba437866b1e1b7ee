package dev.tessera.retrieval;

import java.util.List;

/** Where an ingestion writes a document's chunks: the {@link KnowledgeStore} itself, or a {@link BulkLoad}. */
public interface DocumentWriter {

	/**
	 * Replaces all chunks of a document at once: a search sees the old chunks or the new ones, never a mix or none.
	 */
	void replaceDocument(String tenant, String collection, String documentId, List<KnowledgeChunk> chunks);

}
