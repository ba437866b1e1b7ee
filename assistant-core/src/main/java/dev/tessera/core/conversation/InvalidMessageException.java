package dev.tessera.core.conversation;

/**
 * A user message that cannot be answered as sent: empty, longer than the configured limit, or holding what no
 * database can store (a NUL character, a broken surrogate pair).
 */
public class InvalidMessageException extends RuntimeException {

	/** What is wrong with the message. */
	public enum Kind {
		EMPTY, TOO_LONG, UNSTORABLE
	}

	private final Kind kind;

	private InvalidMessageException(String message, Kind kind) {
		super(message);
		this.kind = kind;
	}

	public Kind kind() {
		return this.kind;
	}

	public static InvalidMessageException empty() {
		return new InvalidMessageException("The message is empty; send some text.", Kind.EMPTY);
	}

	/** A message the database cannot store (a NUL character, a broken surrogate pair): bad input, not a server error. */
	public static InvalidMessageException unstorable(String problem) {
		return new InvalidMessageException("The message " + problem + "; send plain text.", Kind.UNSTORABLE);
	}

	public static InvalidMessageException tooLong(int length, int limit) {
		return new InvalidMessageException("The message has " + length + " characters; the limit is " + limit
				+ " (tessera.chat.max-message-chars).", Kind.TOO_LONG);
	}


}
