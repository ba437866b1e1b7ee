package dev.tessera.core.handoff;

/**
 * A transition the item's state does not allow: claiming a claimed item, replying to an open one, acting on an
 * item someone else claimed, anything on a resolved one.
 */
public class HandoffTransitionException extends RuntimeException {

	private final String handoffId;

	private final HandoffState state;

	public HandoffTransitionException(String handoffId, HandoffState state, String message) {
		super(message);
		this.handoffId = handoffId;
		this.state = state;
	}

	public String handoffId() {
		return this.handoffId;
	}

	public HandoffState state() {
		return this.state;
	}

}
