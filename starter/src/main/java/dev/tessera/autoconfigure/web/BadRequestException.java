package dev.tessera.autoconfigure.web;

/**
 * A request that is well-formed JSON but does not say what the endpoint needs.
 */
public class BadRequestException extends RuntimeException {

	public BadRequestException(String message) {
		super(message);
	}

}
