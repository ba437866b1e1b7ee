package dev.tessera.core.assistant;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * When a conversation goes to a person besides domain rules and rails, from the {@code handoff-when} section of a
 * pack: an upset user (one of the listed intents said with strongly negative sentiment), or several turns in a row
 * that did not help (a tool found nothing, a missing detail had to be asked for again, the user repeated
 * themselves).
 *
 * @param upsetIntents task-head labels that count as a complaint, e.g. {@code complaints}; empty to ignore sentiment
 * @param maxSentiment sentiment (-1..1) at or below which a complaint counts as upset
 * @param maxFailedTurns turns in a row that did not help after which a person takes over; empty to ignore
 */
public record HandoffTriggers(Set<String> upsetIntents, double maxSentiment, OptionalInt maxFailedTurns) {

	public HandoffTriggers {
		upsetIntents = Set.copyOf(upsetIntents);
		if (maxSentiment < -1 || maxSentiment > 1 || Double.isNaN(maxSentiment)) {
			throw new IllegalArgumentException("maxSentiment must be within -1..1, got " + maxSentiment);
		}
		Objects.requireNonNull(maxFailedTurns, "maxFailedTurns cannot be null");
		if (maxFailedTurns.isPresent() && maxFailedTurns.getAsInt() < 1) {
			throw new IllegalArgumentException("maxFailedTurns must be >= 1, got " + maxFailedTurns.getAsInt());
		}
	}

	/** A pack without a {@code handoff-when} section: neither trigger. */
	public static HandoffTriggers none() {
		return new HandoffTriggers(Set.of(), -1, OptionalInt.empty());
	}

	public boolean any() {
		return !this.upsetIntents.isEmpty() || this.maxFailedTurns.isPresent();
	}

	/** Whether a message with this intent and sentiment is an upset complaint. */
	public boolean upset(Optional<String> intentLabel, double sentiment) {
		return intentLabel.isPresent() && this.upsetIntents.contains(intentLabel.get())
				&& sentiment <= this.maxSentiment;
	}

	/** Whether this many unhelpful turns in a row call for a person. */
	public boolean tooManyFailures(int failedTurns) {
		return this.maxFailedTurns.isPresent() && failedTurns >= this.maxFailedTurns.getAsInt();
	}

}
