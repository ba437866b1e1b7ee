package dev.tessera.core.learning;

import java.time.OffsetDateTime;

/**
 * One retraining round of a head from reviewed escalations, and what became of the version it trained.
 *
 * @param id the round's id
 * @param assistantId the assistant
 * @param head the head
 * @param candidateVersion the version trained in this round
 * @param servingVersion the version serving when it was judged (the one a rollback returns to)
 * @param state what became of it
 * @param throughSeq the last reviewed example it was trained with
 * @param trainedOn examples it was trained on (the pack's and the reviewed ones not held back)
 * @param heldBack reviewed examples held back for the comparison
 * @param comparison the gate's comparison, as JSON ({@link PromotionGate.Verdict})
 * @param decidedBy who started the round, or rolled it back
 * @param createdAt when it was judged
 * @param updatedAt when its state last changed
 */
public record HeadPromotion(String id, String assistantId, String head, int candidateVersion, int servingVersion,
		State state, long throughSeq, int trainedOn, int heldBack, String comparison, String decidedBy,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder()
		.build();

	/** The gate's comparison in one sentence (the {@code summary} of {@link #comparison()}). */
	public String summary() {
		return JSON.readTree(this.comparison).path("summary").asString("");
	}

	public enum State {

		/** No figure worse beyond its noise: it serves. */
		PROMOTED,

		/** Worse on some figure: saved and published, not served; the comparison says why. */
		WAITING,

		/** Promoted, then an operator returned to the version served before it. */
		ROLLED_BACK

	}

}
