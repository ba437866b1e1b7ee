package dev.tessera.server.problem;

import java.io.IOException;

/**
 * A request body over its limit ({@code tessera.api.max-request-bytes}, or {@code max-upload-bytes} for uploads).
 */
public class RequestTooLargeException extends IOException {

	public RequestTooLargeException(long limit, String property) {
		super("The request body is larger than " + limit + " bytes (" + property + ").");
	}

}
