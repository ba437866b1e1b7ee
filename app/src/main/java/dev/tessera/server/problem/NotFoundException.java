package dev.tessera.server.problem;

/**
 * Something the request names does not exist; carries the problem type and title to report it with.
 */
public class NotFoundException extends RuntimeException {

	private final String type;

	private final String title;

	public NotFoundException(String type, String title, String detail) {
		super(detail);
		this.type = type;
		this.title = title;
	}

	public String type() {
		return this.type;
	}

	public String title() {
		return this.title;
	}

}
