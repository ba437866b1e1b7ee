package dev.tessera.core.heads;

/**
 * No head of that name for that assistant.
 */
public class UnknownHeadException extends RuntimeException {

	public UnknownHeadException(String assistantId, String head) {
		super("assistant '" + assistantId + "' has no task head '" + head + "'");
	}

}
