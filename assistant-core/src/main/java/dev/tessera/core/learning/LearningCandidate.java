package dev.tessera.core.learning;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Objects;

/**
 * An escalated or handed-off turn as a candidate example for the assistant's task heads. Everything in it is the
 * redacted form stored with the turn: personal data never enters a candidate.
 *
 * @param id the candidate's id
 * @param tenantId the conversation's tenant
 * @param assistantId the assistant whose heads it may train
 * @param conversationId the conversation
 * @param turnId the turn (its audit record has the whole trail)
 * @param message the user's message, redacted
 * @param predictions what each head predicted, by head name
 * @param route how the turn was routed ({@code ESCALATE_LLM} or {@code HANDOFF_HUMAN}; {@code ANSWER_LOCAL} for a
 * spot check)
 * @param routeReason why
 * @param answer the answer that resolved it (the large model's, or a person's reply), redacted; empty until there is
 * one
 * @param answerSource who answered, or null while nobody has
 * @param answeredBy the model or the person
 * @param state where it stands in review
 * @param labels the reviewer's label for each head (accepted), or {@code out_of_scope} for each (out of scope)
 * @param reviewedBy the reviewer, or empty
 * @param reviewedAt when it was reviewed, or null
 * @param reviewNote the reviewer's note
 * @param knowledgeDocument the knowledge document made from the answer, or empty
 * @param acceptedSeq the order it was accepted in among the assistant's examples (0 until accepted)
 * @param createdAt when the turn was recorded
 */
public record LearningCandidate(String id, String tenantId, String assistantId, String conversationId, String turnId,
		String message, Map<String, PredictedLabel> predictions, String route, String routeReason, String answer,
		AnswerSource answerSource, String answeredBy, CandidateState state, Map<String, String> labels,
		String reviewedBy, OffsetDateTime reviewedAt, String reviewNote, String knowledgeDocument, long acceptedSeq,
		OffsetDateTime createdAt) {

	public LearningCandidate {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		predictions = Map.copyOf(predictions);
		labels = labels == null ? Map.of() : Map.copyOf(labels);
		answer = answer == null ? "" : answer;
		answeredBy = answeredBy == null ? "" : answeredBy;
		reviewedBy = reviewedBy == null ? "" : reviewedBy;
		reviewNote = reviewNote == null ? "" : reviewNote;
		knowledgeDocument = knowledgeDocument == null ? "" : knowledgeDocument;
	}

	/** Who answered the turn: the large model, a person, or the assistant itself (a spot check). */
	public enum AnswerSource {
		LARGE_MODEL, PERSON, ASSISTANT
	}

	/** Whether this is a spot check of a turn the assistant answered itself, not an escalation. */
	public boolean spotCheck() {
		return "ANSWER_LOCAL".equals(this.route);
	}

	/**
	 * A head's prediction as the candidate keeps it.
	 *
	 * @param label the most probable label
	 * @param confidence its calibrated confidence
	 * @param outOfScope whether the head said "none of these"
	 */
	public record PredictedLabel(String label, double confidence, boolean outOfScope) {
	}

}
