package dev.tessera.retrieval.ingest;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.ai.embedding.EmbeddingModel;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.chunk.ParagraphChunker;

/**
 * Puts one uploaded document into a collection: parse, chunk, embed, store. A re-upload of the same bytes is a no-op;
 * changed bytes replace the document's chunks in one step. A rejected document, or one whose embedding fails, leaves
 * the store as it was.
 */
public final class DocumentIngester {

	private final DocumentParser parser;

	private final ParagraphChunker chunker = new ParagraphChunker();

	private final EmbeddingModel embeddings;

	private final KnowledgeStore store;

	public DocumentIngester(DocumentParser parser, EmbeddingModel embeddings, KnowledgeStore store) {
		this.parser = parser;
		this.embeddings = embeddings;
		this.store = store;
	}

	public IngestionResult ingest(String tenant, String collection, String fileName, byte[] content) {
		String hash = sha256(content);
		Optional<String> stored = this.store.documentHash(tenant, collection, fileName);
		if (stored.isPresent() && stored.get().equals(hash)) {
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
		List<float[]> vectors = this.embeddings.embed(chunks.stream().map(KnowledgeChunk::text).toList());
		List<KnowledgeChunk> ready = new ArrayList<>(chunks.size());
		for (int i = 0; i < chunks.size(); i++) {
			KnowledgeChunk chunk = chunks.get(i);
			ready.add(new KnowledgeChunk(chunk.tenant(), chunk.collection(), chunk.documentId(), chunk.documentTitle(),
					chunk.section(), chunk.text(), chunk.start(), chunk.end(),
					Map.of(KnowledgeStore.CONTENT_HASH, hash, "mediaType", document.mediaType()), vectors.get(i)));
		}
		this.store.replaceDocument(tenant, collection, fileName, ready);
		return new IngestionResult(fileName,
				stored.isPresent() ? IngestionResult.Outcome.REPLACED : IngestionResult.Outcome.ADDED, ready.size(),
				hash, null, fileName + ": " + ready.size() + " chunk(s) stored");
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
