package dev.tessera.core.learning;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.tessera.core.heads.LabelledExample;

/**
 * Candidate examples from escalated turns and their review. Reads and reviews are tenant-scoped; the examples a head
 * trains on are the assistant's, from every tenant that uses it.
 */
public interface LearningCandidates {

	/** Records a candidate for an escalated or handed-off turn (once per turn). */
	LearningCandidate add(NewCandidate candidate);

	/** Sets the answer that resolved the turn (a person's reply replaces an earlier one); false when no candidate. */
	boolean answer(String tenantId, String turnId, LearningCandidate.AnswerSource source, String answeredBy,
			String answer);

	Optional<LearningCandidate> find(String tenantId, String id);

	/** Candidates of the tenant in a state (all when empty), for one assistant (all when empty), oldest first. */
	List<LearningCandidate> list(String tenantId, Optional<CandidateState> state, Optional<String> assistantId,
			int limit);

	/**
	 * Moves a pending candidate to its reviewed state; an accepted or out-of-scope one gets the next number of the
	 * assistant's accepted examples.
	 * @throws CandidateReviewException when it is no longer pending
	 */
	LearningCandidate review(String tenantId, String id, String reviewer, CandidateState decision,
			Map<String, String> labels, String note);

	/** Records the knowledge document made from a candidate's answer. */
	void linkKnowledge(String tenantId, String id, String documentId);

	/**
	 * The assistant's reviewed examples for one head, in the order they were accepted, up to {@code throughSeq}
	 * (all when {@link Long#MAX_VALUE}).
	 */
	List<Reviewed> reviewed(String assistantId, String head, long throughSeq);

	/** The highest accepted number of the assistant so far (0 when none). */
	long lastAccepted(String assistantId);

	/**
	 * A reviewed example of one head.
	 *
	 * @param seq its number in acceptance order, from 1
	 * @param example the redacted message and the reviewer's label
	 * @param spotCheck whether it was a spot check of a locally answered turn (never trains a head)
	 */
	record Reviewed(long seq, LabelledExample example, boolean spotCheck) {

		/** One accepted escalation in {@link LearningRound#HELD_BACK_EVERY} never trains a head. */
		public boolean heldBack() {
			return !this.spotCheck && LearningRound.heldBack(this.seq - 1);
		}

	}

	/**
	 * @param tenantId the tenant
	 * @param assistantId the assistant
	 * @param conversationId the conversation
	 * @param turnId the turn
	 * @param message the redacted message
	 * @param predictions what each head predicted
	 * @param route the route
	 * @param routeReason why
	 * @param answer the large model's answer (redacted), or empty for a hand-off
	 * @param answerSource {@code LARGE_MODEL} when it answered, else null
	 * @param answeredBy the model
	 */
	record NewCandidate(String tenantId, String assistantId, String conversationId, String turnId, String message,
			Map<String, LearningCandidate.PredictedLabel> predictions, String route, String routeReason, String answer,
			LearningCandidate.AnswerSource answerSource, String answeredBy) {
	}

}
