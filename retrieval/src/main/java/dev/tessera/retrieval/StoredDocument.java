package dev.tessera.retrieval;

import java.util.Map;

/**
 * A document as the store holds it: its chunks' shared facts.
 *
 * @param documentId the document's id in its collection
 * @param title its title, as shown in citations
 * @param chunks how many chunks it has
 * @param metadata the metadata of its first chunk (e.g. {@value KnowledgeStore#CONTENT_HASH}, {@code mediaType})
 */
public record StoredDocument(String documentId, String title, int chunks, Map<String, String> metadata) {

	public StoredDocument {
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

}
