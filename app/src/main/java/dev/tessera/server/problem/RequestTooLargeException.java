package dev.tessera.server.problem;

import java.io.IOException;

/**
 * A request body over {@code tessera.api.max-request-bytes}.
 */
public class RequestTooLargeException extends IOException {

	public RequestTooLargeException(long limit) {
		super("The request body is larger than " + limit + " bytes (tessera.api.max-request-bytes).");
	}

}
