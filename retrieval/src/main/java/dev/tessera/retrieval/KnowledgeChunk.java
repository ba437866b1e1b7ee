package dev.tessera.retrieval;

import java.util.Objects;

/**
 * A passage of a source document, the unit that is indexed, searched and cited.
 *
 * @param collection the collection the chunk belongs to (for the bundled packs: the assistant id)
 * @param documentId stable id of the source document (for pack knowledge: its path inside the pack)
 * @param documentTitle human-readable title shown in citations
 * @param section the heading the chunk sits under, empty when the document has none
 * @param text the chunk text
 * @param start character offset of the chunk in the source document (inclusive)
 * @param end character offset of the chunk in the source document (exclusive)
 */
public record KnowledgeChunk(String collection, String documentId, String documentTitle, String section, String text,
		int start, int end) {

	public KnowledgeChunk {
		requireText(collection, "collection");
		requireText(documentId, "documentId");
		requireText(documentTitle, "documentTitle");
		Objects.requireNonNull(section, "section cannot be null");
		requireText(text, "text");
		if (start < 0 || end < start) {
			throw new IllegalArgumentException("span must satisfy 0 <= start <= end, got [" + start + ", " + end + ")");
		}
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " cannot be null or blank");
		}
	}

}
