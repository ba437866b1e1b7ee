package dev.tessera.guardrails;

/**
 * What the policy does when a rail detects something.
 */
public enum RailAction {

	/** Record the verdict and carry on unchanged. */
	ALLOW,
	/** Carry on with the rail's rewritten text (PII placeholders, an appended notice). */
	REWRITE,
	/** Stop the turn and refuse. */
	BLOCK,
	/** Let the large model answer instead of the small one. */
	ESCALATE,
	/** Give the turn to a person. */
	HANDOFF

}
