package dev.tessera.domains.contract.review.api;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import dev.tessera.autoconfigure.web.ApiCaller;
import dev.tessera.autoconfigure.web.ApiProblems;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.domains.contract.ContractQuestions;
import dev.tessera.domains.contract.RiskReport;
import dev.tessera.domains.contract.RiskReportMarkdown;
import dev.tessera.domains.contract.review.ContractReview;
import dev.tessera.domains.contract.review.ContractReviewService;
import dev.tessera.domains.contract.review.ReviewComment;
import dev.tessera.domains.contract.review.ReviewDecision;
import dev.tessera.domains.contract.review.ReviewState;
import dev.tessera.domains.contract.review.ReviewTransitionException;
import dev.tessera.domains.contract.review.UnknownReviewException;
import dev.tessera.retrieval.ingest.RejectedDocumentException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Contract review API v1: upload a contract (analysed in the background), list and read reviews with their risk
 * report (JSON, Markdown or HTML), decide them, comment on them, and ask questions answered from the contract's own
 * clauses. Reviews belong to the caller's tenant.
 * <p>
 * Uploads, analyses, decisions and comments are recorded in the audit trail ({@code contract-review.upload},
 * {@code contract-review.analyse}, {@code contract-review.decide}, {@code contract-review.comment} on
 * {@code contract-review/<id>}). A decision the
 * review's state does not allow (still queued, failed, already decided) is a 409 problem naming the state.
 */
@RestController
@RequestMapping(ContractReviewController.PATH)
public class ContractReviewController {

	/** The API's root. */
	public static final String PATH = "/api/v1/contract-reviews";

	static final int MAX_LIMIT = 500;

	private static final int MAX_TEXT_CHARS = 4000;

	private static final int MAX_CLAUSE_CHARS = 100;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown;charset=UTF-8");

	private final ContractReviewService service;

	private final AdminAuditLog audit;

	private final ApiCaller caller;

	ContractReviewController(ContractReviewService service, AdminAuditLog audit, ApiCaller caller) {
		this.service = service;
		this.audit = audit;
		this.caller = caller;
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	ResponseEntity<ReviewView> upload(@RequestPart(name = "file", required = false) List<MultipartFile> files,
			Principal principal) throws IOException {
		if (files == null || files.size() != 1) {
			throw new BadRequestException("Send one contract as a multipart part named 'file' (PDF, DOCX, HTML,"
					+ " Markdown or text); got " + (files == null ? 0 : files.size()) + ".");
		}
		MultipartFile file = files.get(0);
		String name = fileName(file.getOriginalFilename());
		byte[] content = file.getBytes();
		String tenant = tenant();
		// the service records the upload (and, later, the analysis) in the audit trail
		ContractReview review = submit(tenant, this.caller.actor(), name, content);
		return ResponseEntity.accepted()
			.location(URI.create(PATH + "/" + review.id()))
			.body(ReviewView.of(review, null, List.of()));
	}

	private ContractReview submit(String tenant, String actor, String name, byte[] content) {
		try {
			return this.service.submit(tenant, actor, name, content);
		}
		catch (RejectedDocumentException ex) {
			throw new RejectedUpload(ex);
		}
	}

	@GetMapping
	List<ReviewView> list(@RequestParam(required = false) String state, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestException("limit must be within 1.." + MAX_LIMIT + ", got " + limit);
		}
		return this.service.reviews()
			.list(tenant(), state(state), limit)
			.stream()
			.map(review -> ReviewView.of(review, null, null))
			.toList();
	}

	@GetMapping("/{id}")
	ReviewView get(@PathVariable String id) {
		ContractReview review = find(id);
		JsonNode report = review.reportJson() == null ? null : JSON.readTree(review.reportJson());
		return ReviewView.of(review, report, this.service.reviews().comments(tenant(), id));
	}

	/** The report for people: Markdown by default, HTML when the client asks for it. */
	@GetMapping("/{id}/report")
	ResponseEntity<byte[]> report(@PathVariable String id,
			@RequestHeader(name = "Accept", required = false) @Nullable String accept) {
		RiskReport report = this.service.report(tenant(), id);
		boolean html = accept != null && accept.contains(MediaType.TEXT_HTML_VALUE)
				&& !accept.contains("text/markdown");
		String body = html ? RiskReportMarkdown.html(report) : RiskReportMarkdown.markdown(report);
		return ResponseEntity.ok()
			.contentType(html ? MediaType.parseMediaType("text/html;charset=UTF-8") : MARKDOWN)
			.body(body.getBytes(StandardCharsets.UTF_8));
	}

	@PostMapping("/{id}/decision")
	ReviewView decide(@PathVariable String id, @RequestBody Decision body, Principal principal) {
		ReviewDecision decision = decision(body.decision());
		String comment = text(body.comment(), "comment", false);
		String tenant = tenant();
		ContractReview decided = this.audit.recordChange(() -> {
			try {
				return this.service.reviews().decide(tenant, id, decision, this.caller.actor(), comment);
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException(ex.getMessage());
			}
		}, review -> AdminActions.of(tenant, principal, "contract-review.decide", "contract-review/" + id,
				AdminActions.state("state", ReviewState.ANALYSED.name()),
				AdminActions.state("state", review.state().name(), "decidedBy", review.decidedBy(), "comment",
						review.decisionNote(), "overallRisk",
						review.overallRisk() == null ? null : review.overallRisk().name())));
		return ReviewView.of(decided, null, null);
	}

	@PostMapping("/{id}/comments")
	ResponseEntity<CommentView> comment(@PathVariable String id, @RequestBody NewComment body, Principal principal) {
		String text = text(body.text(), "text", true);
		String clause = body.clause() == null || body.clause().isBlank() ? null : body.clause().strip();
		if (clause != null && clause.length() > MAX_CLAUSE_CHARS) {
			throw new BadRequestException("'clause' is longer than " + MAX_CLAUSE_CHARS + " characters");
		}
		String tenant = tenant();
		ReviewComment comment = this.audit.recordChange(
				() -> this.service.reviews().comment(tenant, id, this.caller.actor(), clause, text),
				created -> AdminActions.of(tenant, principal, "contract-review.comment", "contract-review/" + id, null,
						AdminActions.state("commentId", created.id(), "clause", created.clause(), "text",
								created.text())));
		return ResponseEntity.status(HttpStatus.CREATED).body(CommentView.of(comment));
	}

	@PostMapping("/{id}/questions")
	ContractQuestions.Answer ask(@PathVariable String id, @RequestBody Question body) {
		String question = text(body.question(), "question", true);
		return this.service.ask(tenant(), id, question);
	}

	private ContractReview find(String id) {
		return this.service.reviews().find(tenant(), id).orElseThrow(() -> new UnknownReviewException(id));
	}

	// controller-local handlers take precedence over the application-wide advice, which knows no reviews
	@ExceptionHandler(UnknownReviewException.class)
	ResponseEntity<ProblemDetail> unknown(UnknownReviewException ex) {
		return problem(ApiProblems.of(HttpStatus.NOT_FOUND, "unknown-contract-review", "Unknown contract review",
				ex.getMessage()));
	}

	@ExceptionHandler(ReviewTransitionException.class)
	ResponseEntity<ProblemDetail> transition(ReviewTransitionException ex) {
		ProblemDetail problem = ApiProblems.of(HttpStatus.CONFLICT, "contract-review-state", "Contract review state conflict",
				ex.getMessage());
		problem.setProperty("state", ex.state().name());
		return problem(problem);
	}

	@ExceptionHandler(RejectedUpload.class)
	ResponseEntity<ProblemDetail> rejected(RejectedUpload ex) {
		RejectedDocumentException rejected = ex.rejected;
		HttpStatus status = switch (rejected.reason()) {
			case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
			case UNSUPPORTED_TYPE -> HttpStatus.UNSUPPORTED_MEDIA_TYPE;
			default -> HttpStatus.BAD_REQUEST;
		};
		ProblemDetail problem = ApiProblems.of(status, "rejected-contract", "Contract not accepted", rejected.getMessage());
		problem.setProperty("reason", rejected.reason().name());
		return problem(problem);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ApiProblems.response(problem);
	}

	/** A rejected upload, as an unchecked exception for the handler below. */
	static final class RejectedUpload extends RuntimeException {

		private final transient RejectedDocumentException rejected;

		RejectedUpload(RejectedDocumentException rejected) {
			super(rejected.getMessage(), rejected);
			this.rejected = rejected;
		}

	}

	private static String fileName(@Nullable String original) {
		String name = original == null ? "" : original.replace('\\', '/');
		name = name.substring(name.lastIndexOf('/') + 1).strip();
		if (name.isEmpty()) {
			throw new BadRequestException("the uploaded part has no file name");
		}
		return name.length() > 255 ? name.substring(name.length() - 255) : name;
	}

	private static Optional<ReviewState> state(@Nullable String state) {
		if (state == null || state.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(ReviewState.valueOf(state.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(
					"state must be one of " + Arrays.toString(ReviewState.values()) + ", got '" + state + "'");
		}
	}

	private static ReviewDecision decision(@Nullable String decision) {
		if (decision == null || decision.isBlank()) {
			throw new BadRequestException("'decision' is required: APPROVED or CHANGES_REQUESTED");
		}
		try {
			return ReviewDecision.valueOf(decision.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("'decision' must be one of " + Arrays.toString(ReviewDecision.values())
					+ ", got '" + decision + "'");
		}
	}

	private static String text(@Nullable String text, String field, boolean required) {
		if (text == null || text.isBlank()) {
			if (required) {
				throw new BadRequestException("'" + field + "' is required and cannot be empty");
			}
			return "";
		}
		if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
			throw new BadRequestException("'" + field + "' is longer than " + MAX_TEXT_CHARS + " characters");
		}
		return text.strip();
	}

	private String tenant() {
		return this.caller.tenant();
	}

	record Decision(String decision, String comment) {
	}

	record NewComment(String text, String clause) {
	}

	record Question(String question) {
	}

	record CommentView(String id, String author, String clause, String text, OffsetDateTime createdAt) {

		static CommentView of(ReviewComment comment) {
			return new CommentView(comment.id(), comment.author(), comment.clause(), comment.text(),
					comment.createdAt());
		}

	}

	/**
	 * A review; the list leaves out the report and comments ({@code null}), a single review has them.
	 * @param sha256 of the uploaded bytes, as recorded in the audit trail
	 */
	record ReviewView(String id, String fileName, String title, String mediaType, String sha256, String state,
			String overallRisk, String error, String submittedBy, String decidedBy, String decisionComment,
			OffsetDateTime createdAt, OffsetDateTime analysedAt, OffsetDateTime decidedAt, JsonNode report,
			List<CommentView> comments) {

		static ReviewView of(ContractReview review, @Nullable JsonNode report, @Nullable List<ReviewComment> comments) {
			return new ReviewView(review.id(), review.fileName(), review.title(), review.mediaType(), review.sha256(),
					review.state().name(), review.overallRisk() == null ? null : review.overallRisk().name(),
					review.error(), review.submittedBy(), review.decidedBy(),
					review.decisionNote() == null || review.decisionNote().isEmpty() ? null : review.decisionNote(),
					review.createdAt(), review.analysedAt(), review.decidedAt(), report,
					comments == null ? null : comments.stream().map(CommentView::of).toList());
		}

	}

}
