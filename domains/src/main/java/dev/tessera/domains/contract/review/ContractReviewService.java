package dev.tessera.domains.contract.review;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
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
 * <p>
 * The upload ({@code contract-review.upload}, by the uploader) and the analysis' outcome
 * ({@code contract-review.analyse}, by the assistant: state, overall risk, counts and the report's SHA-256) go into
 * the audit trail, in that order; the outcome in the transaction that stores it.
 */
public final class ContractReviewService implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(ContractReviewService.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ContractReviews reviews;

	private final DocumentParser parser;

	private final ContractAnalyzer analyzer;

	private final ContractQuestions questions;

	private final ExecutorService worker;

	private final @Nullable AdminAuditLog audit;

	/** Who the audit trail names as the analyst: the assistant whose pack reviews contracts. */
	private final String analyst;

	/**
	 * @param audit where uploads and analyses are recorded, or null for no record
	 * @param analyst the actor of analysis records, e.g. {@code contract-review}
	 */
	public ContractReviewService(ContractReviews reviews, DocumentParser parser, ContractAnalyzer analyzer,
			ContractQuestions questions, @Nullable AdminAuditLog audit, String analyst) {
		this.reviews = reviews;
		this.parser = parser;
		this.analyzer = analyzer;
		this.questions = questions;
		this.audit = audit;
		this.analyst = analyst;
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
		record(new AdminAction(tenantId, submittedBy, "contract-review.upload", target(review.id()), null,
				json("state", review.state().name(), "fileName", fileName, "bytes", content.length, "sha256",
						review.sha256())));
		// queued after the upload's record, so the trail has the upload before its analysis
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
			RiskReport report;
			try {
				report = this.analyzer.analyze(new ContractAnalyzer.Contract(review.fileName(), review.title(),
						review.sha256(), this.reviews.content(tenant, id)));
			}
			catch (RuntimeException ex) {
				logger.warn("The analysis of contract review " + id + " failed", ex);
				String error = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
				transition(tenant, id, () -> this.reviews.markFailed(id, error),
						json("state", ReviewState.FAILED.name(), "error", error));
				return;
			}
			String reportJson = JSON.writeValueAsString(report);
			transition(tenant, id, () -> this.reviews.markAnalysed(id, report.overallRisk(), reportJson),
					json("state", ReviewState.ANALYSED.name(), "overallRisk", report.overallRisk().name(), "clauses",
							report.summary().clauses(), "findings", report.summary().findings(), "missing",
							report.missing().stream().map(RiskReport.MissingClause::clauseType).toList(),
							"reportSha256", AuditHash.sha256Hex(reportJson)));
		}
		catch (RuntimeException ex) {
			// the store or the audit trail failed: the review stays queued and is analysed again at the next start
			logger.warn("Could not store the analysis of contract review " + id, ex);
		}
	}

	/** Makes a QUEUED review's transition and records it in one transaction; nothing when it was not queued. */
	private void transition(String tenant, String id, BooleanSupplier change, String after) {
		if (this.audit == null) {
			change.getAsBoolean();
			return;
		}
		try {
			this.audit.recordChange(() -> {
				if (!change.getAsBoolean()) {
					throw new NotQueuedException();
				}
				return id;
			}, changed -> new AdminAction(tenant, this.analyst, "contract-review.analyse", target(id),
					json("state", ReviewState.QUEUED.name()), after));
		}
		catch (NotQueuedException ex) {
			// another instance analysed it first: its record stands
		}
	}

	private void record(AdminAction action) {
		if (this.audit != null) {
			this.audit.record(action);
		}
	}

	private static String target(String id) {
		return "contract-review/" + id;
	}

	/** A small JSON object of names and values, in order. */
	static String json(Object... namesAndValues) {
		Map<String, Object> state = new LinkedHashMap<>();
		for (int i = 0; i < namesAndValues.length; i += 2) {
			state.put(String.valueOf(namesAndValues[i]), namesAndValues[i + 1]);
		}
		return JSON.writeValueAsString(state);
	}

	/** The review left the queue before this analysis could store its outcome. */
	private static final class NotQueuedException extends RuntimeException {

		NotQueuedException() {
			super(null, null, false, false);
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
