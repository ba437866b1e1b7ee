package dev.tessera.core.learning;

/** Where a candidate example stands in review. */
public enum CandidateState {

	/** Waiting for a reviewer. */
	PENDING,

	/** A reviewer confirmed or corrected the label of each head: it trains the next version. */
	ACCEPTED,

	/** A reviewer marked the message out of scope: it teaches each head to say "none of these". */
	OUT_OF_SCOPE,

	/** A reviewer rejected it (abuse, an attack, nonsense, a message that teaches nothing): never trained on. */
	REJECTED;

	/** Whether the candidate trains heads. */
	public boolean trains() {
		return this == ACCEPTED || this == OUT_OF_SCOPE;
	}

}
