package dev.tessera.domains.contract.review;

/** A change the review's state does not allow, e.g. deciding a review that is still queued or already decided. */
public class ReviewTransitionException extends RuntimeException {

	private final String reviewId;

	private final ReviewState state;

	public ReviewTransitionException(String reviewId, ReviewState state, String message) {
		super(message);
		this.reviewId = reviewId;
		this.state = state;
	}

	public String reviewId() {
		return this.reviewId;
	}

	public ReviewState state() {
		return this.state;
	}

}
