package dev.tessera.core.assistant;

/**
 * No assistant has the requested id.
 */
public class UnknownAssistantException extends RuntimeException {

	public UnknownAssistantException(String id, java.util.List<String> known) {
		super("No assistant with id '" + id + "'. Available assistants: " + known + ".");
	}

}
