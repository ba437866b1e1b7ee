package dev.tessera.server.problem;

/**
 * The caller is known but may not do this (e.g. an API key limited to other assistants).
 */
public class ForbiddenException extends RuntimeException {

	public ForbiddenException(String detail) {
		super(detail);
	}

}
