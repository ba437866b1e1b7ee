package dev.tessera.core.assistant.version;

/**
 * The assistant has no version with the requested number.
 */
public class UnknownAssistantVersionException extends RuntimeException {

	public UnknownAssistantVersionException(String assistantId, int version, int latest) {
		super("Assistant '" + assistantId + "' has no version " + version + "; its versions are 1.." + latest + ".");
	}

}
