package dev.tessera.core.turn.dialogue;

/**
 * What the conversation so far says about the user, for the router.
 *
 * @param sentiment how negative (-1) or positive (1) the message sounds
 * @param failedTurns turns in a row before this one that did not help
 * @param repeated whether this message repeats the user's previous one
 */
public record ConversationSignals(double sentiment, int failedTurns, boolean repeated) {

	public ConversationSignals {
		if (failedTurns < 0) {
			throw new IllegalArgumentException("failedTurns must be >= 0, got " + failedTurns);
		}
	}

	public static ConversationSignals neutral() {
		return new ConversationSignals(0, 0, false);
	}

}
