package dev.tessera.guardrails.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

	/**
	 * Of findings that may overlap, those kept when each is taken in order of preference unless it overlaps one
	 * already kept; in text order.
	 */
	static List<PiiFinding> withoutOverlaps(List<PiiFinding> findings, Comparator<PiiFinding> preference) {
		List<PiiFinding> ordered = new ArrayList<>(findings);
		ordered.sort(preference);
		List<PiiFinding> kept = new ArrayList<>();
		for (PiiFinding candidate : ordered) {
			if (kept.stream().noneMatch(candidate::overlaps)) {
				kept.add(candidate);
			}
		}
		kept.sort(Comparator.comparingInt(PiiFinding::start));
		return kept;
	}

}
