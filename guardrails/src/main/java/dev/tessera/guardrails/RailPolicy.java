package dev.tessera.guardrails;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An assistant's rails for one direction, in the order they run, each with the action taken when it detects.
 */
public record RailPolicy(List<Entry> entries) {

	public RailPolicy {
		entries = List.copyOf(entries);
	}

	public static RailPolicy none() {
		return new RailPolicy(List.of());
	}

	/**
	 * @param rail the rail's name
	 * @param onDetect the action when the rail detects
	 * @param settings the rail's settings
	 */
	public record Entry(String rail, RailAction onDetect, Map<String, String> settings) {

		public Entry {
			Objects.requireNonNull(rail, "rail cannot be null");
			Objects.requireNonNull(onDetect, "onDetect cannot be null");
			settings = settings == null ? Map.of() : Map.copyOf(settings);
		}

	}

}
