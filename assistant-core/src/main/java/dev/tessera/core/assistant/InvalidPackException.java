package dev.tessera.core.assistant;

/**
 * A pack that cannot be used, with the file and field at fault.
 */
public class InvalidPackException extends RuntimeException {

	private final String file;

	private final String field;

	public InvalidPackException(String file, String field, String problem) {
		super(file + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + problem);
		this.file = file;
		this.field = field;
	}

	public String file() {
		return this.file;
	}

	public String field() {
		return this.field;
	}

}
