package dev.tessera.core.handoff;

/**
 * Where a hand-off stands. {@code OPEN -> CLAIMED -> RESOLVED}; only the person who claimed an item replies to it
 * or resolves it.
 */
public enum HandoffState {

	/** Waiting for a person. */
	OPEN,
	/** A person has taken it and may reply in the conversation. */
	CLAIMED,
	/** Done. */
	RESOLVED

}
