package dev.tessera.core.learning;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.record.TurnRecorder;

/**
 * Records turns like the recorder it wraps and, in the same transaction, keeps every turn the small model did not
 * answer itself (escalated to the large model, or handed to a person) as a candidate example: the redacted message,
 * what each head predicted, the route and why, and the large model's answer when it gave one (a person's reply
 * arrives later, through the hand-off queue). A small random share of the turns it did answer are kept too, as spot
 * checks. Blocked turns are not candidates: they teach a head nothing it should learn.
 */
public final class CandidateRecorder implements TurnRecorder {

	private final TurnRecorder recorder;

	private final LearningCandidates candidates;

	private final TransactionTemplate transactions;

	private final java.util.function.DoubleSupplier draw;

	private final double spotCheckShare;

	public CandidateRecorder(TurnRecorder recorder, LearningCandidates candidates, TransactionTemplate transactions,
			double spotCheckShare) {
		this(recorder, candidates, transactions, spotCheckShare,
				() -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
	}

	/** @param draw uniform draws in [0, 1) that pick the spot checks */
	public CandidateRecorder(TurnRecorder recorder, LearningCandidates candidates, TransactionTemplate transactions,
			double spotCheckShare, java.util.function.DoubleSupplier draw) {
		this.recorder = recorder;
		this.candidates = candidates;
		this.transactions = transactions;
		this.spotCheckShare = spotCheckShare;
		this.draw = draw;
	}

	@Override
	public void record(TurnRequest request, String redactedMessage, TurnResult result) {
		boolean deferred = result.route() == Route.ESCALATE_LLM || result.route() == Route.HANDOFF_HUMAN;
		// a spot check: a share of the turns the heads let the assistant answer, reviewed like escalations so that
		// the operating point is fitted on the traffic, not only on its hard cases
		boolean spotCheck = result.route() == Route.ANSWER_LOCAL && !result.headPredictions().isEmpty()
				&& this.spotCheckShare > 0 && this.draw.getAsDouble() < this.spotCheckShare;
		if (!deferred && !spotCheck) {
			this.recorder.record(request, redactedMessage, result);
			return;
		}
		this.transactions.executeWithoutResult(status -> {
			this.recorder.record(request, redactedMessage, result);
			Map<String, LearningCandidate.PredictedLabel> predictions = new LinkedHashMap<>();
			for (Map.Entry<String, HeadPrediction> head : result.headPredictions().entrySet()) {
				HeadPrediction p = head.getValue();
				predictions.put(head.getKey(),
						new LearningCandidate.PredictedLabel(p.label(), p.confidence(), p.outOfScope()));
			}
			boolean answered = result.route() != Route.HANDOFF_HUMAN;
			LearningCandidate.AnswerSource source = switch (result.route()) {
				case ESCALATE_LLM -> LearningCandidate.AnswerSource.LARGE_MODEL;
				case ANSWER_LOCAL -> LearningCandidate.AnswerSource.ASSISTANT;
				default -> null;
			};
			this.candidates.add(new LearningCandidates.NewCandidate(request.tenantId(), result.assistantId(),
					request.conversationId(), result.turnId(), redactedMessage, predictions, result.route().name(),
					spotCheck ? "spot check of a turn answered by the assistant" : result.routeReason(),
					answered ? result.text() : "", source, answered ? result.model() : ""));
		});
	}

}
