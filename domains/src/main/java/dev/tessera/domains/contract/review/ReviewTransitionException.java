package dev.tessera.domains.contract.review;

import dev.tessera.core.persistence.StateTransitionException;

/** A change the review's state does not allow, e.g. deciding a review that is still queued or already decided. */
public class ReviewTransitionException extends StateTransitionException {

	public ReviewTransitionException(String reviewId, ReviewState state, String message) {
		super(reviewId, state, message);
	}

	public String reviewId() {
		return id();
	}

	@Override
	public ReviewState state() {
		return (ReviewState) super.state();
	}

}
