package dev.tessera.server.learning;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.core.audit.AdminActions;
import dev.tessera.core.heads.UnknownHeadException;
import dev.tessera.core.learning.CandidateReviewException;
import dev.tessera.core.learning.CandidateState;
import dev.tessera.core.learning.HeadPromotion;
import dev.tessera.core.learning.LearningCandidate;
import dev.tessera.core.learning.LearningService;
import dev.tessera.core.learning.NothingToLearnException;
import dev.tessera.core.learning.UnknownCandidateException;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.Problems;

/**
 * Learning from escalations, API v1: the candidate examples escalated and handed-off turns left (with what each head
 * predicted and the answer that resolved them), a reviewer's decision on each, a good answer made a knowledge
 * document, and the retraining rounds of a head: retrain through the promotion gate, list the rounds with their
 * comparisons, roll back a promotion. Every decision is in the audit trail ({@code learning.review},
 * {@code learning.knowledge}, {@code head.promote}, {@code head.promotion-refused}, {@code head.rollback}).
 */
@RestController
@RequestMapping("/api/v1/learning")
class LearningController {

	static final int MAX_LIMIT = 500;

	private static final int MAX_NOTE_CHARS = 2000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final ObjectProvider<LearningService> learning;

	private final CallerTenant caller;

	LearningController(ObjectProvider<LearningService> learning, CallerTenant caller) {
		this.learning = learning;
		this.caller = caller;
	}

	@GetMapping("/candidates")
	List<CandidateView> list(@RequestParam(required = false) String state,
			@RequestParam(required = false) String assistant, @RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestException("limit must be within 1.." + MAX_LIMIT + ", got " + limit);
		}
		return service().candidates()
			.list(tenant(), state(state), Optional.ofNullable(assistant).filter(a -> !a.isBlank()), limit)
			.stream()
			.map(CandidateView::of)
			.toList();
	}

	@GetMapping("/candidates/{id}")
	CandidateView get(@PathVariable String id) {
		return CandidateView.of(service().candidates().find(tenant(), id).orElseThrow(() -> new UnknownCandidateException(id)));
	}

	@PostMapping("/candidates/{id}/review")
	CandidateView review(@PathVariable String id, @RequestBody ReviewRequest request, Principal principal) {
		if (request == null || request.decision() == null || request.decision().isBlank()) {
			throw new BadRequestException(
					"send {\"decision\": \"ACCEPTED\" | \"OUT_OF_SCOPE\" | \"REJECTED\", \"labels\": {\"<head>\": \"<label>\"}}");
		}
		if (request.note() != null && request.note().length() > MAX_NOTE_CHARS) {
			throw new BadRequestException("note is longer than " + MAX_NOTE_CHARS + " characters");
		}
		CandidateState decision = state(request.decision()).orElseThrow();
		return CandidateView.of(service().review(tenant(), id, AdminActions.actor(principal),
				new LearningService.Review(decision, request.labels(), request.note())));
	}

	@PostMapping("/candidates/{id}/knowledge")
	CandidateView knowledge(@PathVariable String id, @RequestBody KnowledgeRequest request, Principal principal) {
		if (request == null || request.collection() == null || request.collection().isBlank()) {
			throw new BadRequestException("send {\"collection\": \"<collection>\"}: the collection the answer joins");
		}
		return CandidateView.of(
				service().publishAnswer(tenant(), id, AdminActions.actor(principal), request.collection().strip()));
	}

	@GetMapping("/heads/{assistantId}/{head}/promotions")
	List<PromotionView> promotions(@PathVariable String assistantId, @PathVariable String head) {
		return service().promotions(assistantId, head).stream().map(PromotionView::of).toList();
	}

	@PostMapping("/heads/{assistantId}/{head}/retrain")
	PromotionView retrain(@PathVariable String assistantId, @PathVariable String head, Principal principal) {
		return PromotionView.of(service().retrain(tenant(), assistantId, head, AdminActions.actor(principal)));
	}

	@PostMapping("/heads/{assistantId}/{head}/rollback")
	PromotionView rollback(@PathVariable String assistantId, @PathVariable String head, Principal principal) {
		return PromotionView.of(service().rollback(tenant(), assistantId, head, AdminActions.actor(principal)));
	}

	@ExceptionHandler(UnknownCandidateException.class)
	ResponseEntity<ProblemDetail> unknown(UnknownCandidateException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "unknown-candidate", "Unknown candidate example", ex.getMessage()));
	}

	@ExceptionHandler(CandidateReviewException.class)
	ResponseEntity<ProblemDetail> review(CandidateReviewException ex) {
		return problem(Problems.of(HttpStatus.CONFLICT, "candidate-review", "Review not possible", ex.getMessage()));
	}

	@ExceptionHandler(NothingToLearnException.class)
	ResponseEntity<ProblemDetail> nothing(NothingToLearnException ex) {
		return problem(Problems.of(HttpStatus.CONFLICT, "nothing-to-learn", "Nothing to learn from", ex.getMessage()));
	}

	@ExceptionHandler(UnknownHeadException.class)
	ResponseEntity<ProblemDetail> unknownHead(UnknownHeadException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "unknown-head", "Unknown task head", ex.getMessage()));
	}

	@ExceptionHandler(LearningDisabledException.class)
	ResponseEntity<ProblemDetail> disabled(LearningDisabledException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "learning-disabled", "Learning from escalations is off",
				ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static Optional<CandidateState> state(String state) {
		if (state == null || state.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(CandidateState.valueOf(state.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException("unknown state '" + state + "'; one of " + List.of(CandidateState.values()));
		}
	}

	private LearningService service() {
		LearningService service = this.learning.getIfAvailable();
		if (service == null) {
			throw new LearningDisabledException();
		}
		return service;
	}

	private String tenant() {
		return this.caller.tenant();
	}

	static final class LearningDisabledException extends RuntimeException {

		LearningDisabledException() {
			super("learning from escalations needs task heads and Tessera's database (tessera.heads.learning.enabled=false,"
					+ " tessera.heads.enabled=false or no database)");
		}

	}

	record ReviewRequest(String decision, Map<String, String> labels, String note) {
	}

	record KnowledgeRequest(String collection) {
	}

	record CandidateView(String id, String assistantId, String conversationId, String turnId, String message,
			Map<String, LearningCandidate.PredictedLabel> predictions, String route, String routeReason, String answer,
			String answerSource, String answeredBy, boolean spotCheck, String state, Map<String, String> labels,
			String reviewedBy, OffsetDateTime reviewedAt, String reviewNote, String knowledgeDocument,
			OffsetDateTime createdAt) {

		static CandidateView of(LearningCandidate c) {
			return new CandidateView(c.id(), c.assistantId(), c.conversationId(), c.turnId(), c.message(),
					c.predictions(), c.route(), c.routeReason(), c.answer(),
					c.answerSource() == null ? null : c.answerSource().name(), c.answeredBy(), c.spotCheck(),
					c.state().name(), c.labels(), c.reviewedBy(), c.reviewedAt(), c.reviewNote(), c.knowledgeDocument(),
					c.createdAt());
		}

	}

	record PromotionView(String id, String assistantId, String head, int candidateVersion, int servingVersion,
			String state, long throughSeq, int trainedOn, int heldBack, JsonNode comparison, String decidedBy,
			OffsetDateTime createdAt, OffsetDateTime updatedAt) {

		static PromotionView of(HeadPromotion p) {
			return new PromotionView(p.id(), p.assistantId(), p.head(), p.candidateVersion(), p.servingVersion(),
					p.state().name(), p.throughSeq(), p.trainedOn(), p.heldBack(), JSON.readTree(p.comparison()),
					p.decidedBy(), p.createdAt(), p.updatedAt());
		}

	}

}
