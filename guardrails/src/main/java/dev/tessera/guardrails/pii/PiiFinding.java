package dev.tessera.guardrails.pii;

import java.util.Objects;

/**
 * One piece of personal data in a text.
 *
 * @param start inclusive character offset
 * @param end exclusive character offset
 * @param type what it is
 * @param confidence 1 for validated identifiers, lower for judged ones (names, addresses)
 */
public record PiiFinding(int start, int end, PiiType type, double confidence) {

	public PiiFinding {
		Objects.requireNonNull(type, "type cannot be null");
		if (start < 0 || end <= start) {
			throw new IllegalArgumentException("span must satisfy 0 <= start < end, got " + start + ".." + end);
		}
		if (confidence <= 0 || confidence > 1) {
			throw new IllegalArgumentException("confidence must be within (0, 1], got " + confidence);
		}
	}

	public int length() {
		return this.end - this.start;
	}

	boolean overlaps(PiiFinding other) {
		return this.start < other.end && other.start < this.end;
	}

}
