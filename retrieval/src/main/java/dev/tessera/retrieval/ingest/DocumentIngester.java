package dev.tessera.retrieval.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.ai.embedding.EmbeddingModel;

import dev.tessera.inference.encoder.LocalEmbeddingModel;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.BulkLoad;
import dev.tessera.retrieval.DocumentWriter;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.archive.DocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;

/**
 * Puts one uploaded document into a collection: parse, chunk, embed, archive the bytes, store the chunks. A re-upload
 * of the same bytes is a no-op; changed bytes replace the document's chunks in one step. A rejected document, or one
 * whose embedding fails, leaves the store and the archive as they were. Re-indexing runs the archived bytes through
 * the current parser, chunker and encoder again.
 */
public final class DocumentIngester {

	private final DocumentParser parser;

	private final StructureAwareChunker chunker;

	private final EmbeddingModel embeddings;

	/** {@link #space(EmbeddingModel)} of {@link #embeddings}: an unchanged document in another space is embedded again. */
	private final String space;

	private final KnowledgeStore store;

	private final DocumentArchive archive;

	private final ChunkScreen screen;

	/** @param embeddings the encoder for chunk vectors, or {@code null} for a lexical-only collection */
	public DocumentIngester(DocumentParser parser, StructureAwareChunker chunker, EmbeddingModel embeddings,
			KnowledgeStore store, DocumentArchive archive) {
		this(parser, chunker, embeddings, store, archive, ChunkScreen.NONE);
	}

	/** @param screen looks at every chunk and may add facts to its metadata (see {@link ChunkScreen}) */
	public DocumentIngester(DocumentParser parser, StructureAwareChunker chunker, EmbeddingModel embeddings,
			KnowledgeStore store, DocumentArchive archive, ChunkScreen screen) {
		this.screen = screen;
		this.archive = archive;
		this.parser = parser;
		this.chunker = chunker;
		this.embeddings = embeddings;
		this.space = space(embeddings);
		this.store = store;
	}

	public IngestionResult ingest(String tenant, String collection, String fileName, byte[] content) {
		return ingest(this.store, tenant, collection, fileName, content, false);
	}

	/** Ingests a document into a writer: the store, or a bulk load of the collection ({@link #startBulk}). */
	public IngestionResult ingest(DocumentWriter into, String tenant, String collection, String fileName,
			byte[] content) {
		return ingest(into, tenant, collection, fileName, content, false);
	}

	/**
	 * Starts a bulk load of the collection (see {@link KnowledgeStore#bulkLoad}); its stored documents stay, and each
	 * document ingested into it replaces its own.
	 */
	public BulkLoad startBulk(String tenant, String collection) {
		return this.store.bulkLoad(tenant, collection, true);
	}

	/**
	 * Runs an archived document through ingestion again, even though its bytes are unchanged.
	 * @return the result, or a rejection when the archive no longer holds the document
	 */
	public IngestionResult reindex(String tenant, String collection, String documentId) {
		return reindex(this.store, tenant, collection, documentId);
	}

	/** {@link #reindex(String, String, String)} into a writer: the store, or a bulk load of the collection. */
	public IngestionResult reindex(DocumentWriter into, String tenant, String collection, String documentId) {
		Optional<byte[]> content = this.archive.content(tenant, collection, documentId);
		if (content.isEmpty()) {
			return new IngestionResult(documentId, IngestionResult.Outcome.REJECTED, 0, null, null,
					documentId + " is no longer in the archive");
		}
		return ingest(into, tenant, collection, documentId, content.get(), true);
	}

	/** Removes a document's chunks and its archived bytes; returns whether there was such a document. */
	public boolean delete(String tenant, String collection, String documentId) {
		int chunks = this.store.deleteDocument(tenant, collection, documentId);
		boolean archived = this.archive.delete(tenant, collection, documentId);
		return chunks > 0 || archived;
	}

	/** The store documents are written to outside a bulk load. */
	public KnowledgeStore store() {
		return this.store;
	}

	/** The documents a re-index of the collection would process. */
	public List<String> archivedDocuments(String tenant, String collection) {
		return this.archive.documentIds(tenant, collection);
	}

	private IngestionResult ingest(DocumentWriter into, String tenant, String collection, String fileName,
			byte[] content, boolean force) {
		String hash = sha256(content);
		Optional<String> stored = this.store.documentHash(tenant, collection, fileName);
		if (!force && stored.isPresent() && stored.get().equals(hash)
				&& embeddedWith(tenant, collection, fileName).equals(this.space)) {
			return new IngestionResult(fileName, IngestionResult.Outcome.UNCHANGED, 0, hash, null,
					fileName + " is unchanged; nothing to do");
		}
		ParsedDocument document;
		try {
			document = this.parser.parse(fileName, content);
		}
		catch (RejectedDocumentException ex) {
			return new IngestionResult(fileName, IngestionResult.Outcome.REJECTED, 0, hash, ex.reason(),
					ex.getMessage());
		}
		List<KnowledgeChunk> chunks = this.chunker.chunk(tenant, collection, fileName, document.title(),
				document.text());
		List<float[]> vectors = this.embeddings == null ? null
				: this.embeddings.embed(chunks.stream().map(KnowledgeChunk::text).toList());
		List<KnowledgeChunk> ready = new ArrayList<>(chunks.size());
		for (int i = 0; i < chunks.size(); i++) {
			KnowledgeChunk chunk = chunks.get(i);
			Map<String, String> metadata = new java.util.LinkedHashMap<>();
			metadata.put(KnowledgeStore.CONTENT_HASH, hash);
			metadata.put("mediaType", document.mediaType());
			metadata.put(KnowledgeStore.EMBEDDED_WITH, this.space);
			metadata.putAll(this.screen.screen(tenant, collection, chunk.text()));
			ready.add(new KnowledgeChunk(chunk.tenant(), chunk.collection(), chunk.documentId(), chunk.documentTitle(),
					chunk.section(), chunk.text(), chunk.start(), chunk.end(), metadata,
					vectors == null ? null : vectors.get(i)));
		}
		// the bytes first: a document whose chunks are stored can always be re-indexed
		this.archive.save(tenant, collection, fileName, content);
		into.replaceDocument(tenant, collection, fileName, ready);
		return new IngestionResult(fileName,
				stored.isPresent() ? IngestionResult.Outcome.REPLACED : IngestionResult.Outcome.ADDED, ready.size(),
				hash, null, fileName + ": " + ready.size() + " chunk(s) stored");
	}

	/** The embedding space of a stored document's vectors; empty when stored before the space was recorded. */
	private String embeddedWith(String tenant, String collection, String documentId) {
		List<KnowledgeChunk> chunks = this.store.documentChunks(tenant, collection, documentId);
		return chunks.isEmpty() ? "" : chunks.getFirst().metadata().getOrDefault(KnowledgeStore.EMBEDDED_WITH, "");
	}

	/**
	 * The name of an embedding model's space: the bundled encoder's own name (each precision is its own space), else
	 * the model's class and dimensions; {@code none} without one.
	 */
	public static String space(EmbeddingModel embeddings) {
		if (embeddings == null) {
			return "none";
		}
		if (embeddings instanceof LocalEmbeddingModel local) {
			return local.encoder().name();
		}
		return embeddings.getClass().getName() + "/" + embeddings.dimensions();
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
