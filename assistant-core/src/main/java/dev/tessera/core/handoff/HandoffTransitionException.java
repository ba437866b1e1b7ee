package dev.tessera.core.handoff;

import dev.tessera.core.persistence.StateTransitionException;

/**
 * A transition the item's state does not allow: claiming a claimed item, replying to an open one, acting on an
 * item someone else claimed, anything on a resolved one.
 */
public class HandoffTransitionException extends StateTransitionException {

	public HandoffTransitionException(String handoffId, HandoffState state, String message) {
		super(handoffId, state, message);
	}

	public String handoffId() {
		return id();
	}

	@Override
	public HandoffState state() {
		return (HandoffState) super.state();
	}

}
