package dev.tessera.core.conversation;

/**
 * No conversation with the id exists for the caller's tenant.
 */
public class UnknownConversationException extends RuntimeException {

	public UnknownConversationException(String id) {
		super("No conversation with id '" + id + "'.");
	}

}
