package dev.tessera.core.learning;

/** A review that cannot be made: the candidate was reviewed already, or the labels do not fit the heads. */
public final class CandidateReviewException extends RuntimeException {

	public CandidateReviewException(String message) {
		super(message);
	}

}
