package dev.tessera.guardrails;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tessera.inference.encoder.EmbeddingMemo;

/**
 * What a rail may know about the turn it checks.
 *
 * @param assistantId the assistant the text belongs to
 * @param direction whether the text is coming in (user message), going out (reply) or was retrieved (a passage from
 * the assistant's knowledge, where injected instructions hide)
 * @param settings the rail's settings from the assistant's policy (e.g. the notice text of {@code required-notice})
 * @param vault the turn's placeholder values, shared by the rails of one turn
 * @param sources what a reply may rest on: the passages retrieved for the turn, a tool's result and the assistant's
 * own fixed wording (empty for input rails and outside a turn)
 * @param embeddings the turn's vectors: a rail that embeds asks through it ({@link EmbeddingMemo#embed}), so the
 * message is embedded once for the rails, the task head and the retrieval query
 */
public record RailContext(String assistantId, Direction direction, Map<String, String> settings,
		PlaceholderVault vault, List<String> sources, EmbeddingMemo embeddings) {

	public RailContext {
		Objects.requireNonNull(direction, "direction cannot be null");
		settings = Map.copyOf(settings);
		Objects.requireNonNull(vault, "vault cannot be null");
		sources = sources == null ? List.of() : List.copyOf(sources);
		embeddings = embeddings == null ? new EmbeddingMemo() : embeddings;
	}

	/** A context with its own vectors (a check outside a turn). */
	public RailContext(String assistantId, Direction direction, Map<String, String> settings,
			PlaceholderVault vault, List<String> sources) {
		this(assistantId, direction, settings, vault, sources, new EmbeddingMemo());
	}

	/** A context without sources. */
	public RailContext(String assistantId, Direction direction, Map<String, String> settings,
			PlaceholderVault vault) {
		this(assistantId, direction, settings, vault, List.of());
	}

	/** A context with a fresh vault, for checks outside a turn. */
	public RailContext(String assistantId, Direction direction, Map<String, String> settings) {
		this(assistantId, direction, settings, new PlaceholderVault());
	}

	public String setting(String key, String fallback) {
		return this.settings.getOrDefault(key, fallback);
	}

	/** A numeric setting; a value that is not a number is a policy error and says which setting. */
	public double setting(String key, double fallback) {
		String value = this.settings.get(key);
		if (value == null || value.isBlank()) {
			return fallback;
		}
		try {
			return Double.parseDouble(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("rail setting '" + key + "' must be a number, got '" + value + "'");
		}
	}

	public enum Direction {

		INPUT, OUTPUT, DOCUMENT

	}

}
