package dev.tessera.domains.triage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How urgently a person should seek care, least urgent first so that levels compare by severity.
 */
public enum UrgencyLevel {

	/** Look after it at home; a pharmacist can advise. */
	SELF_CARE,
	/** Book an appointment with a doctor in the coming days or weeks. */
	ROUTINE,
	/** See a doctor today. */
	URGENT,
	/** Call the emergency number now; a person takes over. */
	EMERGENCY;

	/** The more urgent of the two. */
	public UrgencyLevel atLeast(UrgencyLevel other) {
		return other.compareTo(this) > 0 ? other : this;
	}

	/** Lower-case name with a dash, e.g. {@code self-care}, as labels and reports write it. */
	public String label() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * The level a label names: {@code emergency}, {@code urgent}, {@code routine}, {@code self-care} or
	 * {@code self_care} (the urgency head's labels), case-insensitive; empty for any other label (such as the head's
	 * {@code out_of_scope}).
	 */
	public static Optional<UrgencyLevel> fromLabel(String label) {
		if (label == null) {
			return Optional.empty();
		}
		String normalized = label.strip().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
		return Arrays.stream(values()).filter(level -> level.name().equals(normalized)).findFirst();
	}

}
