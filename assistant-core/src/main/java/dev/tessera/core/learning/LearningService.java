package dev.tessera.core.learning;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.OperatingThreshold;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.core.heads.UnknownHeadException;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.IngestionResult;

/**
 * Learning from escalations: reviewers turn candidate examples into labelled ones, and a retraining round trains a
 * new head version on the pack's examples plus the accepted ones, judges it against the serving version
 * ({@link LearningRound}, {@link PromotionGate}) and promotes it only when no figure is worse beyond its noise; a
 * refused version waits, saved, with its comparison. Every review, promotion, refusal and rollback is in the audit
 * trail.
 */
public final class LearningService {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LearningCandidates candidates;

	private final HeadPromotions promotions;

	private final TaskHeadService heads;

	private final Function<String, Map<String, TrainingSet>> packExamples;

	private final AdminAuditLog audit;

	private final LearningSettings settings;

	private final Clock clock;

	private final java.util.function.Supplier<DocumentIngester> knowledge;

	/**
	 * @param packExamples an assistant's pack examples by head name
	 * @param knowledge the ingester that makes a reviewed answer a knowledge document (returns null without one)
	 */
	public LearningService(LearningCandidates candidates, HeadPromotions promotions, TaskHeadService heads,
			Function<String, Map<String, TrainingSet>> packExamples, AdminAuditLog audit, LearningSettings settings,
			Clock clock, java.util.function.Supplier<DocumentIngester> knowledge) {
		this.knowledge = knowledge;
		this.candidates = candidates;
		this.promotions = promotions;
		this.heads = heads;
		this.packExamples = packExamples;
		this.audit = audit;
		this.settings = settings;
		this.clock = clock;
	}

	public LearningCandidates candidates() {
		return this.candidates;
	}

	/**
	 * A reviewer's decision on a candidate.
	 *
	 * @param decision {@code ACCEPTED} (with a label per head), {@code OUT_OF_SCOPE} or {@code REJECTED}
	 * @param labels for an accepted candidate, the label of each head the reviewer confirms or corrects (a head left
	 * out learns nothing from it)
	 * @param note why, for the audit trail
	 */
	public record Review(CandidateState decision, Map<String, String> labels, String note) {

		public Review {
			labels = labels == null ? Map.of() : Map.copyOf(labels);
			note = note == null ? "" : note;
		}

	}

	/** Records a review, checked against the assistant's heads, and audits it. */
	public LearningCandidate review(String tenantId, String id, String reviewer, Review review) {
		LearningCandidate candidate = this.candidates.find(tenantId, id)
			.orElseThrow(() -> new UnknownCandidateException(id));
		if (review.decision() == null || review.decision() == CandidateState.PENDING) {
			throw new CandidateReviewException("decision must be ACCEPTED, OUT_OF_SCOPE or REJECTED");
		}
		Map<String, String> labels = new LinkedHashMap<>();
		if (review.decision() == CandidateState.ACCEPTED) {
			if (review.labels().isEmpty()) {
				throw new CandidateReviewException(
						"an accepted candidate needs the label of at least one head, e.g. {\"intent\": \"order_status\"}");
			}
			Map<String, TaskHead> served = this.heads.heads(candidate.assistantId());
			for (Map.Entry<String, String> label : review.labels().entrySet()) {
				TaskHead head = served.get(label.getKey());
				if (head == null) {
					throw new CandidateReviewException("assistant '" + candidate.assistantId() + "' has no head '"
							+ label.getKey() + "'; its heads are " + served.keySet());
				}
				String value = label.getValue() == null ? "" : label.getValue().strip();
				if (!head.spec().labels().contains(value)) {
					throw new CandidateReviewException("'" + value + "' is not a label of head '" + label.getKey()
							+ "'; mark the message out of scope instead, or use one of " + head.spec().labels());
				}
				labels.put(label.getKey(), value);
			}
		}
		else if (review.decision() == CandidateState.OUT_OF_SCOPE) {
			this.heads.heads(candidate.assistantId()).keySet()
				.forEach(head -> labels.put(head, HeadTrainingOptions.OUT_OF_SCOPE));
		}
		return this.audit.recordChange(
				() -> this.candidates.review(tenantId, id, reviewer, review.decision(), labels, review.note()),
				reviewed -> new AdminAction(tenantId, reviewer, "learning.review", "candidate/" + id,
						AdminActions.state("state", CandidateState.PENDING.name(), "predictions",
								candidate.predictions().toString()),
						AdminActions.state("state", reviewed.state().name(), "labels", reviewed.labels(), "seq",
								reviewed.acceptedSeq(), "note", reviewed.reviewNote())));
	}

	/**
	 * Trains a new version of a head on the pack's examples plus every accepted example so far (the held-back ones
	 * and spot checks excepted), judges it against the serving version, and promotes it or leaves it waiting.
	 * @throws NothingToLearnException when no accepted example trains the head yet
	 */
	public HeadPromotion retrain(String tenantId, String assistantId, String head, String actor) {
		TrainingSet pack = Optional.ofNullable(this.packExamples.apply(assistantId).get(head))
			.orElseThrow(() -> new UnknownHeadException(assistantId, head));
		TaskHead serving = this.heads.require(assistantId, head);
		long through = this.candidates.lastAccepted(assistantId);
		List<LearningCandidates.Reviewed> reviewed = this.candidates.reviewed(assistantId, head, through);
		List<LabelledExample> trainOn = new ArrayList<>();
		List<LabelledExample> heldBack = new ArrayList<>();
		List<LabelledExample> spotChecks = new ArrayList<>();
		// the gate's slice: the pack's holdout and the reviewed traffic of earlier rounds (this round's batch may share
		// its reviews' mistakes)
		long earlier = this.promotions.list(assistantId, head, 1).stream().mapToLong(HeadPromotion::throughSeq).max()
			.orElse(0);
		List<LabelledExample> earlierHeldBack = new ArrayList<>();
		List<LabelledExample> earlierSpotChecks = new ArrayList<>();
		for (LearningCandidates.Reviewed r : reviewed) {
			(r.spotCheck() ? spotChecks : r.heldBack() ? heldBack : trainOn).add(r.example());
			if (r.seq() <= earlier) {
				if (r.spotCheck()) {
					earlierSpotChecks.add(r.example());
				}
				else if (r.heldBack()) {
					earlierHeldBack.add(r.example());
				}
			}
		}
		LearningRound.Judged judgedOn = LearningRound.Judged.of(LearningRound.packHoldout(pack),
				new LearningRound.Slice(earlierHeldBack, earlierSpotChecks, this.settings.spotCheckShare()));
		if (trainOn.isEmpty()) {
			throw new NothingToLearnException("head '" + head + "' of '" + assistantId
					+ "' has no accepted examples to learn from yet (" + reviewed.size()
					+ " reviewed: held back for the comparison or spot checks)");
		}
		// a version trained on the whole pack is judged through its twin trained the way learned versions are
		TaskHead twin = serving.learnedThrough() > 0 ? serving
				: this.heads.trainCandidate(head, LearningRound.trainingSet(pack, List.of())).head();
		TrainedHead trained = this.heads.trainCandidate(head, LearningRound.trainingSet(pack, trainOn));
		double target = this.settings.targetAccuracy();
		PromotionGate gate = PromotionGate.forTarget(target, serving.spec().outOfScopeLabel(),
				this.settings.protectedLabel(assistantId, head), this.settings.gateMargin());
		LearningRound.Outcome outcome = new LearningRound(gate, target).judge(serving, twin, trained, judgedOn,
				new LearningRound.Slice(heldBack, spotChecks, this.settings.spotCheckShare()));
		TaskHead saved = this.heads.saveCandidate(assistantId, outcome.candidate(), through);
		boolean promote = outcome.verdict().promote();
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		HeadPromotion round = new HeadPromotion(UUID.randomUUID().toString(), assistantId, head,
				saved.spec().version(), serving.spec().version(),
				promote ? HeadPromotion.State.PROMOTED : HeadPromotion.State.WAITING, through,
				LearningRound.packForTraining(pack).size() + trainOn.size(), heldBack.size() + spotChecks.size(),
				comparison(outcome), actor, now, now);
		return this.audit.recordChange(() -> {
			HeadPromotion added = this.promotions.add(round);
			if (promote) {
				this.heads.serve(assistantId, head, saved.spec().version());
			}
			return added;
		}, added -> new AdminAction(tenantId, actor, promote ? "head.promote" : "head.promotion-refused",
				"assistant/" + assistantId + "/heads/" + head,
				AdminActions.state("version", serving.spec().version()),
				AdminActions.state("version", promote ? saved.spec().version() : serving.spec().version(),
						"candidateVersion", saved.spec().version(), "trainedThroughSeq", through, "verdict",
						outcome.verdict().describe())));
	}

	/**
	 * Makes a candidate's answer a knowledge document of the tenant's collection: the question as its title, the
	 * answer as its text, and who answered, who reviewed and the turn it came from beneath. It goes through the same
	 * ingestion as any upload (the injection screen included).
	 */
	public LearningCandidate publishAnswer(String tenantId, String id, String reviewer, String collection) {
		LearningCandidate candidate = this.candidates.find(tenantId, id).orElseThrow(() -> new UnknownCandidateException(id));
		if (candidate.state() == CandidateState.REJECTED || candidate.state() == CandidateState.PENDING) {
			throw new CandidateReviewException("only a reviewed and accepted candidate's answer can become knowledge; this one is "
					+ candidate.state());
		}
		if (candidate.answer().isBlank()) {
			throw new CandidateReviewException("candidate '" + id + "' has no answer yet");
		}
		DocumentIngester ingester = this.knowledge.get();
		if (ingester == null) {
			throw new CandidateReviewException("this server has no knowledge store to add documents to");
		}
		String title = candidate.message().replaceAll("\\s+", " ").strip();
		String markdown = "# " + (title.length() > 120 ? title.substring(0, 120) + "…" : title) + "\n\n"
				+ candidate.answer().strip() + "\n\n---\nAnswered by " + candidate.answerSource() + " "
				+ candidate.answeredBy() + "; reviewed by " + reviewer + "; from turn " + candidate.turnId() + ".\n";
		String fileName = "reviewed-answer-" + candidate.id() + ".md";
		return this.audit.recordChange(() -> {
			IngestionResult result = ingester.ingest(tenantId, collection, fileName,
					markdown.getBytes(java.nio.charset.StandardCharsets.UTF_8));
			if (result.outcome() == IngestionResult.Outcome.REJECTED) {
				throw new CandidateReviewException("the answer was not added to '" + collection + "': " + result.message());
			}
			this.candidates.linkKnowledge(tenantId, id, collection + "/" + result.documentId());
			return this.candidates.find(tenantId, id).orElseThrow();
		}, linked -> new AdminAction(tenantId, reviewer, "learning.knowledge", "candidate/" + id, null,
				AdminActions.state("document", linked.knowledgeDocument(), "turn", candidate.turnId(), "answeredBy",
						candidate.answeredBy())));
	}

	/** Returns a head to the version served before its newest promotion, which stays saved and loadable. */
	public HeadPromotion rollback(String tenantId, String assistantId, String head, String actor) {
		TaskHead serving = this.heads.require(assistantId, head);
		HeadPromotion promoted = this.promotions.promoted(assistantId, head, serving.spec().version())
			.orElseThrow(() -> new NothingToLearnException("head '" + head + "' of '" + assistantId + "' serves v"
					+ serving.spec().version() + ", which was not promoted from reviewed examples: nothing to roll back"));
		return this.audit.recordChange(() -> {
			if (!this.promotions.rollBack(promoted.id(), actor)) {
				throw new NothingToLearnException("the promotion of v" + promoted.candidateVersion() + " was already rolled back");
			}
			this.heads.serve(assistantId, head, promoted.servingVersion());
			return this.promotions.list(assistantId, head, 50)
				.stream()
				.filter(p -> p.id().equals(promoted.id()))
				.findFirst()
				.orElseThrow();
		}, rolled -> new AdminAction(tenantId, actor, "head.rollback", "assistant/" + assistantId + "/heads/" + head,
				AdminActions.state("version", promoted.candidateVersion()),
				AdminActions.state("version", promoted.servingVersion())));
	}

	public List<HeadPromotion> promotions(String assistantId, String head) {
		return this.promotions.list(assistantId, head, 50);
	}

	/**
	 * What a version trained with the reviewed examples up to {@code through} was trained on, for loading (or, after
	 * a pack change, re-training) it at start-up.
	 */
	public static TrainingSet trainedWith(TrainingSet pack, LearningCandidates candidates, String assistantId,
			String head, long through) {
		return LearningRound.trainingSet(pack, candidates.reviewed(assistantId, head, through)
			.stream()
			.filter(r -> !r.heldBack() && !r.spotCheck())
			.map(LearningCandidates.Reviewed::example)
			.toList());
	}

	private static String comparison(LearningRound.Outcome outcome) {
		PromotionGate.Verdict verdict = outcome.verdict();
		Map<String, Object> json = new LinkedHashMap<>();
		json.put("promote", verdict.promote());
		json.put("summary", verdict.describe());
		json.put("examples", verdict.examples());
		List<Map<String, Object>> figures = new ArrayList<>();
		for (PromotionGate.Figure f : verdict.figures()) {
			Map<String, Object> figure = new LinkedHashMap<>();
			figure.put("name", f.name());
			figure.put("higherIsBetter", f.higherIsBetter());
			figure.put("current", finite(f.current()));
			figure.put("candidate", finite(f.candidate()));
			figure.put("differenceLow", finite(f.low()));
			figure.put("differenceHigh", finite(f.high()));
			figure.put("worse", f.worse());
			figures.add(figure);
		}
		json.put("figures", figures);
		OperatingThreshold point = outcome.candidatePoint();
		json.put("operatingPoint", Map.of("targetAccuracy", point.targetAccuracy(), "threshold",
				finite(point.threshold()), "escalationRate", finite(point.escalationRate()), "fittedOn", point.examples()));
		return JSON.writeValueAsString(json);
	}

	private static Object finite(double value) {
		return Double.isFinite(value) ? value : "NaN";
	}

}
