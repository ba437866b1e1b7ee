package dev.tessera.core.conversation;

/**
 * A user message that cannot be answered as sent (empty, or longer than the configured limit).
 */
public class InvalidMessageException extends RuntimeException {

	private final boolean tooLong;

	private InvalidMessageException(String message, boolean tooLong) {
		super(message);
		this.tooLong = tooLong;
	}

	public static InvalidMessageException empty() {
		return new InvalidMessageException("The message is empty; send some text.", false);
	}

	public static InvalidMessageException tooLong(int length, int limit) {
		return new InvalidMessageException("The message has " + length + " characters; the limit is " + limit
				+ " (tessera.chat.max-message-chars).", true);
	}

	public boolean tooLong() {
		return this.tooLong;
	}

}
