package dev.tessera.core.assistant;

/**
 * The assistant exists but an operator has disabled it: it takes no turns until it is enabled again.
 */
public class AssistantDisabledException extends RuntimeException {

	private final String assistantId;

	public AssistantDisabledException(String assistantId) {
		super("Assistant '" + assistantId + "' is disabled.");
		this.assistantId = assistantId;
	}

	public String assistantId() {
		return this.assistantId;
	}

}
