package dev.tessera.retrieval;

import java.util.List;
import java.util.Optional;

/**
 * Where knowledge lives: chunks go in, scored hits come out. A search sees only its tenant's chunks and the shared
 * ones, and only its collection.
 */
public interface KnowledgeStore extends DocumentWriter {

	/**
	 * Starts a bulk load of one tenant's collection. The store writes straight through by default; the postgres store
	 * loads into a table of its own without index upkeep, builds the indexes once at the commit and swaps the table in.
	 * @param keepExisting whether the collection's stored documents stay (an upload) or are replaced by what the load
	 * writes (a re-index)
	 */
	default BulkLoad bulkLoad(String tenant, String collection, boolean keepExisting) {
		KnowledgeStore store = this;
		return new BulkLoad() {

			@Override
			public void replaceDocument(String t, String c, String documentId, List<KnowledgeChunk> chunks) {
				store.replaceDocument(t, c, documentId, chunks);
			}

			@Override
			public void add(List<KnowledgeChunk> chunks) {
				store.add(chunks);
			}

			@Override
			public boolean searchableAtCommit() {
				return false;
			}

			@Override
			public void commit() {
			}

			@Override
			public void close() {
			}

		};
	}

	/** Adds chunks. */
	void add(List<KnowledgeChunk> chunks);

	/** At most {@code request.topK()} hits, best first. */
	List<SearchHit> search(SearchRequest request);

	/** Number of chunks a tenant has in a collection (shared chunks not included). */
	long count(String tenant, String collection);

	/** Removes a document's chunks and returns how many there were. */
	int deleteDocument(String tenant, String collection, String documentId);

	/** The {@value #CONTENT_HASH} metadata of a stored document, if it is stored. */
	Optional<String> documentHash(String tenant, String collection, String documentId);

	/** A document's chunks in the order they appear in it. */
	List<KnowledgeChunk> documentChunks(String tenant, String collection, String documentId);

	/** The documents a tenant has in a collection (shared documents not included), ordered by id. */
	List<StoredDocument> documents(String tenant, String collection);

	/** Metadata key holding the SHA-256 of a document's uploaded bytes. */
	String CONTENT_HASH = "contentHash";

	/**
	 * Metadata key naming the embedding space a document's vectors are in (e.g. {@code all-minilm-l6-v2-q}), or
	 * {@code none} for a lexical-only document: a query vector from another space would rank its chunks at random.
	 */
	String EMBEDDED_WITH = "embeddedWith";

	/** Whether the store can search by vector (an embedding-less store answers lexically only). */
	default boolean supportsVectors() {
		return false;
	}

}
