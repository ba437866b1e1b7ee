package dev.tessera.retrieval;

import java.util.List;

/**
 * Where knowledge lives: chunks go in, scored hits come out. A search sees only its tenant's chunks and the shared
 * ones, and only its collection.
 */
public interface KnowledgeStore {

	/** Adds chunks. */
	void add(List<KnowledgeChunk> chunks);

	/** At most {@code request.topK()} hits, best first. */
	List<SearchHit> search(SearchRequest request);

	/** Number of chunks a tenant has in a collection (shared chunks not included). */
	long count(String tenant, String collection);

	/** Removes a document's chunks and returns how many there were. */
	int deleteDocument(String tenant, String collection, String documentId);

	/** Whether the store can search by vector (an embedding-less store answers lexically only). */
	default boolean supportsVectors() {
		return false;
	}

}
