package dev.tessera.core.handoff;

/**
 * No hand-off with that id for the tenant.
 */
public class UnknownHandoffException extends RuntimeException {

	private final String handoffId;

	public UnknownHandoffException(String handoffId) {
		super("no hand-off with id '" + handoffId + "'");
		this.handoffId = handoffId;
	}

	public String handoffId() {
		return this.handoffId;
	}

}
