package dev.tessera.core.access;

/**
 * An account or key request that cannot be carried out as asked; the message names the field and says why.
 */
public class InvalidAccountException extends RuntimeException {

	private final String field;

	public InvalidAccountException(String field, String message) {
		super(message);
		this.field = field;
	}

	public String field() {
		return this.field;
	}

}
