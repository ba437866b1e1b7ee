package dev.tessera.core.assistant;

/**
 * How a turn is answered.
 */
public enum Route {

	/** The small model (or its grounded template) answers from the assistant's knowledge. */
	ANSWER_LOCAL,
	/** The large model answers. */
	ESCALATE_LLM,
	/** A person takes over. */
	HANDOFF_HUMAN,
	/** An input rail refused the message; nothing was answered. */
	BLOCKED

}
