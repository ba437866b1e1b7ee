package dev.tessera.server.knowledge;

import java.io.IOException;
import java.net.URI;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.audit.AuditHash;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.StoredDocument;
import dev.tessera.retrieval.ingest.ChunkScreen;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.IngestionJobs;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.autoconfigure.TesseraProperties;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.NotFoundException;

/**
 * Knowledge API: upload documents into a collection (as a background job), list, browse and delete them, search a
 * collection, re-index it. A collection belongs to a tenant; the demo assistants search the collection named after
 * them, where the packs' own documents are shared with every tenant.
 * <p>
 * Uploads, deletions and re-indexing are recorded in the audit trail once they are accepted
 * ({@code knowledge.upload}, {@code knowledge.delete}, {@code knowledge.reindex}); an upload's record names its job
 * and each document's size and SHA-256.
 */
@RestController
@RequestMapping("/api/v1")
class KnowledgeController {

	private static final Pattern COLLECTION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

	private static final int MAX_DOCUMENT_ID = 255;

	private static final int MAX_TOP_K = 50;

	private final KnowledgeStore store;

	private final DocumentIngester ingester;

	private final IngestionJobs jobs;

	private final EmbeddingModel embeddings;

	private final AdminAuditLog audit;

	private final CallerTenant caller;

	private final int maxQueryChars;

	KnowledgeController(KnowledgeStore store, DocumentIngester ingester, IngestionJobs jobs,
			ObjectProvider<EmbeddingModel> embeddings, AdminAuditLog audit, TesseraProperties properties,
			CallerTenant caller) {
		this.store = store;
		this.ingester = ingester;
		this.jobs = jobs;
		this.embeddings = embeddings.getIfAvailable();
		this.audit = audit;
		this.caller = caller;
		this.maxQueryChars = properties.getChat().getMaxMessageChars();
	}

	record DocumentView(String documentId, String title, int chunks, String contentHash, String mediaType) {

		static DocumentView of(StoredDocument document) {
			return new DocumentView(document.documentId(), document.title(), document.chunks(),
					document.metadata().get(KnowledgeStore.CONTENT_HASH), document.metadata().get("mediaType"));
		}

	}

	record ChunkView(String documentId, String title, String section, String text, int start, int end,
			Map<String, String> metadata) {

		static ChunkView of(KnowledgeChunk chunk) {
			return new ChunkView(chunk.documentId(), chunk.documentTitle(), chunk.section(), chunk.text(), chunk.start(),
					chunk.end(), chunk.metadata());
		}

	}

	/**
	 * @param topK hits wanted (1..50, default 5)
	 * @param mode LEXICAL, VECTOR or HYBRID (default)
	 * @param filters metadata every hit must carry
	 */
	/**
	 * @param includeWithheld whether passages held back at ingestion (suspected injections) are returned too, marked;
	 * by default they are left out, as answers leave them out
	 */
	record SearchBody(String query, Integer topK, String mode, Map<String, String> filters, Boolean includeWithheld) {
	}

	record HitView(String documentId, String title, String section, String text, int start, int end, double score,
			String method, @org.jspecify.annotations.Nullable String withheld) {

		static HitView of(SearchHit hit) {
			KnowledgeChunk chunk = hit.chunk();
			return new HitView(chunk.documentId(), chunk.documentTitle(), chunk.section(), chunk.text(), chunk.start(),
					chunk.end(), hit.score(), hit.method(), chunk.metadata().get(ChunkScreen.WITHHELD_REASON));
		}

		static boolean isWithheld(SearchHit hit) {
			return hit.chunk().metadata().containsKey(ChunkScreen.WITHHELD);
		}

	}

	/** An uploaded file as the audit trail names it. */
	record UploadedDocument(String documentId, int bytes, String sha256) {
	}

	@PostMapping(path = "/collections/{collection}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<IngestionJobs.JobStatus> upload(@PathVariable String collection,
			@RequestPart(name = "file", required = false) List<MultipartFile> files, Principal principal)
			throws IOException {
		checkCollection(collection);
		if (files == null || files.isEmpty()) {
			throw new BadRequestException("Send one or more documents as multipart parts named 'file'.");
		}
		List<IngestionJobs.Upload> uploads = new ArrayList<>();
		List<UploadedDocument> documents = new ArrayList<>();
		for (MultipartFile file : files) {
			IngestionJobs.Upload upload = new IngestionJobs.Upload(documentId(file.getOriginalFilename()),
					file.getBytes());
			uploads.add(upload);
			documents.add(new UploadedDocument(upload.fileName(), upload.content().length,
					AuditHash.sha256Hex(upload.content())));
		}
		String job = this.jobs.submit(tenant(), collection, uploads);
		this.audit.record(AdminActions.of(tenant(), principal, "knowledge.upload", "collection/" + collection, null,
				AdminActions.state("job", job, "documents", documents)));
		return accepted(job);
	}

	@PostMapping("/collections/{collection}/reindex")
	ResponseEntity<IngestionJobs.JobStatus> reindex(@PathVariable String collection, Principal principal) {
		checkCollection(collection);
		String job = this.jobs.submitReindex(tenant(), collection);
		this.audit.record(AdminActions.of(tenant(), principal, "knowledge.reindex", "collection/" + collection,
				null, AdminActions.state("job", job)));
		return accepted(job);
	}

	private ResponseEntity<IngestionJobs.JobStatus> accepted(String jobId) {
		return ResponseEntity.accepted()
			.location(URI.create("/api/v1/ingestion-jobs/" + jobId))
			.body(this.jobs.status(jobId).orElseThrow());
	}

	@GetMapping("/ingestion-jobs/{jobId}")
	IngestionJobs.JobStatus job(@PathVariable String jobId) {
		return this.jobs.status(jobId)
			.filter(status -> status.tenant().equals(tenant()))
			.orElseThrow(() -> new NotFoundException("unknown-job", "Unknown ingestion job",
					"There is no ingestion job " + jobId + "."));
	}

	@GetMapping("/collections/{collection}/documents")
	List<DocumentView> documents(@PathVariable String collection) {
		checkCollection(collection);
		return this.store.documents(tenant(), collection).stream().map(DocumentView::of).toList();
	}

	@GetMapping("/collections/{collection}/documents/{documentId}/chunks")
	List<ChunkView> chunks(@PathVariable String collection, @PathVariable String documentId) {
		checkCollection(collection);
		List<KnowledgeChunk> chunks = this.store.documentChunks(tenant(), collection, documentId);
		if (chunks.isEmpty()) {
			throw unknownDocument(collection, documentId);
		}
		return chunks.stream().map(ChunkView::of).toList();
	}

	@DeleteMapping("/collections/{collection}/documents/{documentId}")
	ResponseEntity<Void> delete(@PathVariable String collection, @PathVariable String documentId,
			Principal principal) {
		checkCollection(collection);
		// a document can be archived without searchable chunks (all withheld): then the record names it only
		String before = this.store.documents(tenant(), collection)
			.stream()
			.filter(document -> document.documentId().equals(documentId))
			.findFirst()
			.map(document -> AdminActions.state("documentId", documentId, "title", document.title(), "chunks",
					document.chunks(), "contentHash", document.metadata().get(KnowledgeStore.CONTENT_HASH)))
			.orElse(AdminActions.state("documentId", documentId));
		// in one transaction where the store is the database (postgres); after the deletion otherwise
		this.audit.recordChange(() -> {
			if (!this.ingester.delete(tenant(), collection, documentId)) {
				throw unknownDocument(collection, documentId);
			}
			return documentId;
		}, deleted -> AdminActions.of(tenant(), principal, "knowledge.delete",
				"collection/" + collection + "/documents/" + deleted, before, null));
		return ResponseEntity.noContent().build();
	}

	/** Passages searched beyond topK so that topK remain after the withheld ones are dropped. */
	private static final int WITHHELD_ALLOWANCE = 5;

	@PostMapping("/collections/{collection}/search")
	List<HitView> search(@PathVariable String collection, @RequestBody SearchBody body) {
		checkCollection(collection);
		if (body.query() == null || body.query().isBlank()) {
			throw new BadRequestException("'query' is required.");
		}
		if (body.query().length() > this.maxQueryChars) {
			throw new BadRequestException("'query' is longer than " + this.maxQueryChars + " characters.");
		}
		int topK = body.topK() == null ? 5 : body.topK();
		if (topK < 1 || topK > MAX_TOP_K) {
			throw new BadRequestException("'topK' must be within 1.." + MAX_TOP_K + ", got " + topK + ".");
		}
		SearchMode mode = mode(body.mode());
		float[] vector = null;
		if (mode != SearchMode.LEXICAL) {
			if (this.embeddings == null || !this.store.supportsVectors()) {
				throw new BadRequestException(mode + " search needs the encoder, which is disabled here; use LEXICAL.");
			}
			vector = this.embeddings.embed(body.query());
		}
		boolean includeWithheld = Boolean.TRUE.equals(body.includeWithheld());
		// withheld passages are dropped after the search: ask for a few more so that topK still come back
		int asked = includeWithheld ? topK : Math.min(MAX_TOP_K, topK + WITHHELD_ALLOWANCE);
		return this.store
			.search(new SearchRequest(tenant(), collection, body.query(), vector, asked, mode, body.filters()))
			.stream()
			.filter(hit -> includeWithheld || !HitView.isWithheld(hit))
			.limit(topK)
			.map(HitView::of)
			.toList();
	}

	private static SearchMode mode(String mode) {
		if (mode == null) {
			return SearchMode.HYBRID;
		}
		try {
			return SearchMode.valueOf(mode.strip().toUpperCase(java.util.Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("'mode' must be LEXICAL, VECTOR or HYBRID, got '" + mode + "'.");
		}
	}

	private static void checkCollection(String collection) {
		if (!COLLECTION.matcher(collection).matches()) {
			throw new BadRequestException("A collection name is 1 to 100 lower-case letters, digits, '.', '_' or '-',"
					+ " starting with a letter or digit; got '" + collection + "'.");
		}
	}

	/** The file name a browser or client sent, without any folder part, as the document's id. */
	private static String documentId(String originalName) {
		String name = originalName == null ? "" : originalName.strip();
		name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
		if (name.isEmpty() || name.equals(".") || name.equals("..")) {
			throw new BadRequestException("Each uploaded part needs a file name; it becomes the document's id.");
		}
		if (name.length() > MAX_DOCUMENT_ID || name.chars().anyMatch(Character::isISOControl)) {
			throw new BadRequestException("A file name must be at most " + MAX_DOCUMENT_ID
					+ " characters without control characters.");
		}
		return name;
	}

	private static NotFoundException unknownDocument(String collection, String documentId) {
		return new NotFoundException("unknown-document", "Unknown document",
				"Collection '" + collection + "' has no document '" + documentId + "'.");
	}

	/** The caller's tenant: everything here is scoped to it. */
	private String tenant() {
		return this.caller.tenant();
	}

}
