package dev.tessera.core.heads;

/**
 * Training data that cannot train a head, with what is wrong and where (file, row, column).
 */
public class InvalidTrainingDataException extends RuntimeException {

	public InvalidTrainingDataException(String message) {
		super(message);
	}

	public InvalidTrainingDataException(String message, Throwable cause) {
		super(message, cause);
	}

}
