package dev.tessera.core.learning;

/** A retraining or rollback with nothing to act on: no accepted examples yet, or no promotion to undo. */
public final class NothingToLearnException extends RuntimeException {

	public NothingToLearnException(String message) {
		super(message);
	}

}
