package dev.tessera.retrieval.archive;

import java.util.List;
import java.util.Optional;

/**
 * Keeps the bytes of every ingested document, so that a collection can be re-indexed (after a change of chunking or
 * encoder) without asking anyone to upload it again.
 */
public interface DocumentArchive {

	void save(String tenant, String collection, String documentId, byte[] content);

	Optional<byte[]> content(String tenant, String collection, String documentId);

	/** The ids of a tenant's archived documents in a collection, sorted. */
	List<String> documentIds(String tenant, String collection);

	/** @return whether there was a document to delete */
	boolean delete(String tenant, String collection, String documentId);

}
