package dev.tessera.core.assistant;

/**
 * A pack that cannot be used, with the file and field at fault and, when it is known, the line of the
 * {@code assistant.yaml} the field is on (1-based; 0 when unknown).
 */
public class InvalidPackException extends RuntimeException {

	private final String file;

	private final String field;

	private final int line;

	private final String problem;

	public InvalidPackException(String file, String field, String problem) {
		this(file, field, problem, 0);
	}

	public InvalidPackException(String file, String field, String problem, int line) {
		super(file + (line > 0 ? ":" + line : "") + (field.isEmpty() ? "" : ": field '" + field + "'") + ": "
				+ problem);
		this.file = file;
		this.field = field;
		this.line = Math.max(0, line);
		this.problem = problem;
	}

	public String file() {
		return this.file;
	}

	public String field() {
		return this.field;
	}

	/** The line of the field in the YAML text, 1-based, or 0 when unknown. */
	public int line() {
		return this.line;
	}

	/** What is wrong, without the file, field and line. */
	public String problem() {
		return this.problem;
	}

	/** The same problem, placed at a line (the file name may change, e.g. from a path to an edit's label). */
	public InvalidPackException at(String file, int line) {
		return new InvalidPackException(file, this.field, this.problem, line);
	}

}
