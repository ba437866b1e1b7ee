package dev.tessera.domains.contract.review;

/** No contract review with this id in the caller's tenant. */
public class UnknownReviewException extends RuntimeException {

	public UnknownReviewException(String id) {
		super("no contract review with id '" + id + "'");
	}

}
