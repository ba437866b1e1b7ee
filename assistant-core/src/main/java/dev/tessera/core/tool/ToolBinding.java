package dev.tessera.core.tool;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.tessera.core.text.PhraseMatcher;

/**
 * A pack's use of a tool (an entry of {@code tools:} in {@code assistant.yaml}): when it is called, how its slots are
 * found, and what each outcome replies.
 *
 * @param tool the registered tool's name
 * @param intents task-head labels that call it (e.g. {@code order_status}); empty for none
 * @param minConfidence least calibrated head confidence for an intent to call it
 * @param anyOf phrases that call it whatever the head says (case-insensitive, whole words)
 * @param slots how each slot the tool needs is found and asked for, in the order they are asked
 * @param ask the follow-up question when slots are missing; {@code {missing}} becomes their ask phrases
 * @param replies a template per outcome; {@code {field}} is a result field or a slot that is not personal
 * @param settings passed to the tool with every call (e.g. a return window)
 * @param citePassage whether the reply also quotes the best passage of the knowledge when it supports an answer
 */
public record ToolBinding(String tool, Set<String> intents, double minConfidence, List<String> anyOf,
		List<ToolSlot> slots, String ask, Map<String, String> replies, Map<String, String> settings,
		boolean citePassage) {

	public ToolBinding {
		Objects.requireNonNull(tool, "tool cannot be null");
		intents = Set.copyOf(intents);
		if (minConfidence < 0 || minConfidence > 1) {
			throw new IllegalArgumentException("minConfidence must be within 0..1, got " + minConfidence);
		}
		anyOf = List.copyOf(anyOf);
		slots = List.copyOf(slots);
		Objects.requireNonNull(ask, "ask cannot be null");
		replies = Map.copyOf(replies);
		settings = settings == null ? Map.of() : Map.copyOf(settings);
	}

	/**
	 * Whether this message calls the tool: a listed phrase, or a listed intent at or above the minimum confidence.
	 * @param intentLabel the task head's label, empty when there is no head or it said "none of these"
	 * @return what called it, for the trail
	 */
	public Optional<String> trigger(Optional<String> intentLabel, double confidence, String message) {
		return triggerPhrase(message).or(() -> triggerIntent(intentLabel, confidence));
	}

	/** Whether one of the binding's phrases is in the message; what matched, for the trail. */
	public Optional<String> triggerPhrase(String message) {
		return PhraseMatcher.firstMatch(this.anyOf, message).map(phrase -> "phrase \"" + phrase + "\"");
	}

	/** Whether the head's intent is one of the binding's, at or above its minimum confidence. */
	public Optional<String> triggerIntent(Optional<String> intentLabel, double confidence) {
		return intentLabel.filter(label -> this.intents.contains(label) && confidence >= this.minConfidence)
			.map(label -> "intent " + label);
	}

	public Optional<ToolSlot> slot(String name) {
		return this.slots.stream().filter(slot -> slot.name().equals(name)).findFirst();
	}

}
