package dev.tessera.domains.contract.review;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.tessera.core.audit.AuditHash;
import dev.tessera.domains.contract.ContractAnalyzer;
import dev.tessera.domains.contract.ContractQuestions;
import dev.tessera.domains.contract.RiskReport;
import dev.tessera.retrieval.ingest.DocumentParser;
import dev.tessera.retrieval.ingest.ParsedDocument;
import dev.tessera.retrieval.ingest.RejectedDocumentException;
import tools.jackson.databind.json.JsonMapper;

/**
 * The review workflow: an upload is parsed at once (a bad file is refused to the uploader, with the reason), stored
 * as a {@link ReviewState#QUEUED} review, and analysed in the background by one worker (the encoder already uses
 * every core); the report makes it {@link ReviewState#ANALYSED}, an error {@link ReviewState#FAILED}. Reviews still
 * queued when the server stopped are analysed again at start ({@link #resumeQueued()}).
 */
public final class ContractReviewService implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ContractReviewService.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ContractReviews reviews;

	private final DocumentParser parser;

	private final ContractAnalyzer analyzer;

	private final ContractQuestions questions;

	private final ExecutorService worker;

	public ContractReviewService(ContractReviews reviews, DocumentParser parser, ContractAnalyzer analyzer,
			ContractQuestions questions) {
		this.reviews = reviews;
		this.parser = parser;
		this.analyzer = analyzer;
		this.questions = questions;
		// waiting work is only review ids (the text is in the database), so the queue need not be bounded
		this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
			Thread thread = new Thread(runnable, "tessera-contract-review");
			thread.setDaemon(true);
			return thread;
		});
	}

	public ContractReviews reviews() {
		return this.reviews;
	}

	/**
	 * Parses the upload and queues its analysis.
	 * @throws RejectedDocumentException when the file is not a contract the parser can read (empty, too large,
	 * encrypted, an archive, an unsupported type, no text)
	 */
	public ContractReview submit(String tenantId, String submittedBy, String fileName, byte[] content)
			throws RejectedDocumentException {
		ParsedDocument parsed = this.parser.parse(fileName, content);
		ContractReview review = this.reviews.submit(new ContractReviews.NewReview(tenantId, fileName, parsed.title(),
				parsed.mediaType(), AuditHash.sha256Hex(content), parsed.text(), submittedBy));
		this.worker.execute(() -> analyse(review.id()));
		return review;
	}

	/** Queues the analysis of every review left queued (e.g. by a restart); returns how many. */
	public int resumeQueued() {
		var queued = this.reviews.queued();
		queued.forEach(id -> this.worker.execute(() -> analyse(id)));
		if (!queued.isEmpty()) {
			logger.info("Resuming the analysis of " + queued.size() + " queued contract review(s)");
		}
		return queued.size();
	}

	void analyse(String id) {
		try {
			String tenant = this.reviews.tenantOf(id).orElseThrow(() -> new UnknownReviewException(id));
			ContractReview review = this.reviews.find(tenant, id).orElseThrow(() -> new UnknownReviewException(id));
			if (review.state() != ReviewState.QUEUED) {
				return;
			}
			RiskReport report = this.analyzer.analyze(new ContractAnalyzer.Contract(review.fileName(), review.title(),
					review.sha256(), this.reviews.content(tenant, id)));
			this.reviews.markAnalysed(id, report.overallRisk(), JSON.writeValueAsString(report));
		}
		catch (RuntimeException ex) {
			logger.warn("The analysis of contract review " + id + " failed", ex);
			this.reviews.markFailed(id, ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName());
		}
	}

	/** The report of an analysed (or decided) review; a {@link ReviewTransitionException} before. */
	public RiskReport report(String tenantId, String id) {
		ContractReview review = this.reviews.find(tenantId, id).orElseThrow(() -> new UnknownReviewException(id));
		if (review.reportJson() == null) {
			throw new ReviewTransitionException(id, review.state(),
					review.state() == ReviewState.FAILED
							? "contract review '" + id + "' has no report: its analysis failed (" + review.error() + ")"
							: "contract review '" + id + "' has no report yet: it is " + review.state());
		}
		return JSON.readValue(review.reportJson(), RiskReport.class);
	}

	/** Answers a question from the review's clauses. */
	public ContractQuestions.Answer ask(String tenantId, String id, String question) {
		return this.questions.answer(report(tenantId, id), question);
	}

	@Override
	public void close() {
		this.worker.shutdownNow();
	}

}
