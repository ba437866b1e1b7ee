package dev.tessera.guardrails;

import java.util.Map;

/**
 * What a rail may know about the turn it checks.
 *
 * @param assistantId the assistant the text belongs to
 * @param direction whether the text is coming in (user message) or going out (reply)
 * @param settings the rail's settings from the assistant's policy (e.g. the notice text of {@code required-notice})
 */
public record RailContext(String assistantId, Direction direction, Map<String, String> settings) {

	public RailContext {
		settings = Map.copyOf(settings);
	}

	public String setting(String key, String fallback) {
		return this.settings.getOrDefault(key, fallback);
	}

	public enum Direction {

		INPUT, OUTPUT

	}

}
