package dev.tessera.guardrails;

/**
 * What the policy does when a rail detects something.
 */
public enum RailAction {

	/** Record the verdict and carry on unchanged. */
	ALLOW,
	/** Carry on with the rail's rewritten text (an appended notice, an amended reply). */
	REWRITE,
	/**
	 * Carry on with the rail's redacted text: each finding replaced by a typed placeholder such as {@code [EMAIL_1]};
	 * the values stay in the turn's {@link PlaceholderVault} so the user's own reply can be restored.
	 */
	REDACT,
	/** Stop the turn and refuse. */
	BLOCK,
	/** Let the large model answer instead of the small one. */
	ESCALATE,
	/** Give the turn to a person. */
	HANDOFF

}
