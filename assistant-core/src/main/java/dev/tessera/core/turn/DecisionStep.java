package dev.tessera.core.turn;

import java.util.Objects;

/**
 * What one stage of the turn did, for the decision trail.
 *
 * @param stage the stage, e.g. {@code input-rails}
 * @param outcome a short machine-friendly outcome, e.g. {@code allow}, {@code 2 hits}
 * @param detail a sentence a person can read
 * @param micros how long the stage took
 */
public record DecisionStep(String stage, String outcome, String detail, long micros) {

	public DecisionStep {
		Objects.requireNonNull(stage, "stage cannot be null");
		Objects.requireNonNull(outcome, "outcome cannot be null");
		Objects.requireNonNull(detail, "detail cannot be null");
	}

}
