package dev.tessera.retrieval;

import java.util.Map;
import java.util.Objects;

/**
 * A passage of a source document, the unit that is indexed, searched and cited.
 *
 * @param tenant who owns it; {@link #SHARED_TENANT} for knowledge every tenant sees (e.g. a pack's own documents)
 * @param collection the collection it belongs to (for the bundled packs: the assistant id)
 * @param documentId stable id of the source document (for pack knowledge: its path inside the pack)
 * @param documentTitle human-readable title shown in citations
 * @param section the heading the chunk sits under, empty when the document has none
 * @param text the chunk text
 * @param start character offset of the chunk in the source document (inclusive)
 * @param end character offset of the chunk in the source document (exclusive)
 * @param metadata filterable facts, e.g. {@code type=policy}
 * @param embedding the chunk's unit-length embedding, or {@code null} for lexical-only stores
 */
public record KnowledgeChunk(String tenant, String collection, String documentId, String documentTitle, String section,
		String text, int start, int end, Map<String, String> metadata, float[] embedding) {

	/** The tenant of knowledge visible to every tenant. */
	public static final String SHARED_TENANT = "_shared";

	public KnowledgeChunk {
		requireText(tenant, "tenant");
		requireText(collection, "collection");
		requireText(documentId, "documentId");
		requireText(documentTitle, "documentTitle");
		Objects.requireNonNull(section, "section cannot be null");
		requireText(text, "text");
		if (start < 0 || end < start) {
			throw new IllegalArgumentException("span must satisfy 0 <= start <= end, got [" + start + ", " + end + ")");
		}
		metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
	}

	/** A chunk without metadata or embedding. */
	public KnowledgeChunk(String tenant, String collection, String documentId, String documentTitle, String section,
			String text, int start, int end) {
		this(tenant, collection, documentId, documentTitle, section, text, start, end, Map.of(), null);
	}

	/** The same chunk with an embedding. */
	public KnowledgeChunk withEmbedding(float[] vector) {
		return new KnowledgeChunk(this.tenant, this.collection, this.documentId, this.documentTitle, this.section,
				this.text, this.start, this.end, this.metadata, vector);
	}

	/** Identifies the chunk within its collection: document and start offset. */
	public String chunkId() {
		return this.documentId + "#" + this.start;
	}

	private static void requireText(String value, String name) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " cannot be null or blank");
		}
	}

}
