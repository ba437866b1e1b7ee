package dev.tessera.retrieval;

/**
 * Many documents of one tenant's collection written at once ({@link KnowledgeStore#bulkLoad}): what is written becomes
 * searchable together at {@link #commit()}, and nothing of it if the load is closed without one (or its server dies).
 */
public interface BulkLoad extends DocumentWriter, AutoCloseable {

	/** Adds chunks of documents the load does not hold yet (a load of new documents, without replacing). */
	void add(java.util.List<KnowledgeChunk> chunks);

	/**
	 * Whether what is written waits for {@link #commit()} to become searchable (true for a real bulk load; false for a
	 * store that writes straight through, where each document is searchable at once).
	 */
	default boolean searchableAtCommit() {
		return true;
	}

	/** Makes everything written searchable, in one step. */
	void commit();

	/** Ends the load; without a commit, what was written is dropped. */
	@Override
	void close();

}
