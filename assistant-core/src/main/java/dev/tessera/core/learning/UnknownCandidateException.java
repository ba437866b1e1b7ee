package dev.tessera.core.learning;

/** No candidate with this id in the caller's tenant. */
public final class UnknownCandidateException extends RuntimeException {

	public UnknownCandidateException(String id) {
		super("no candidate example '" + id + "'");
	}

}
