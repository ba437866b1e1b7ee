package dev.tessera.core.tool;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text a pack's templates give a tool turn: the outcome's reply filled with the result's fields and the slots
 * that are not personal, or the follow-up question naming the missing slots.
 */
public final class ToolReplies {

	/** {@code {name}} in a template. */
	public static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z0-9][a-z0-9_-]*)}");

	/** Where the missing slots' ask phrases go in a binding's {@code ask}. */
	public static final String MISSING = "missing";

	private ToolReplies() {
	}

	/** The reply for a called tool or the question for missing slots; a failed tool has none (a person answers). */
	public static String text(ToolTurn turn) {
		return switch (turn) {
			case ToolTurn.Called called -> fill(turn.binding().replies().get(called.result().outcome()),
					values(turn.binding(), called.slots(), called.result().fields()));
			case ToolTurn.NeedsSlots needs -> turn.binding()
				.ask()
				.replace("{" + MISSING + "}", join(needs.missing().stream().map(ToolSlot::ask).toList()));
			case ToolTurn.Failed failed -> "";
		};
	}

	/** The values a template may name: the result's fields, then slots that are not personal. */
	public static Map<String, String> values(ToolBinding binding, Map<String, String> slots, Map<String, String> fields) {
		Map<String, String> values = new LinkedHashMap<>(fields);
		for (ToolSlot slot : binding.slots()) {
			if (!slot.personal() && slots.containsKey(slot.name())) {
				values.putIfAbsent(slot.name(), slots.get(slot.name()));
			}
		}
		return values;
	}

	/** The placeholders a template names. */
	public static Set<String> placeholders(String template) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = PLACEHOLDER.matcher(template);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	/** Fills {@code {name}} placeholders; a field the result left out becomes empty. */
	static String fill(String template, Map<String, String> values) {
		if (template == null) {
			return "";
		}
		Matcher matcher = PLACEHOLDER.matcher(template);
		StringBuilder filled = new StringBuilder();
		while (matcher.find()) {
			matcher.appendReplacement(filled, Matcher.quoteReplacement(values.getOrDefault(matcher.group(1), "")));
		}
		matcher.appendTail(filled);
		return filled.toString();
	}

	/** "a", "a and b", "a, b and c". */
	static String join(List<String> phrases) {
		if (phrases.size() <= 1) {
			return String.join("", phrases);
		}
		return String.join(", ", phrases.subList(0, phrases.size() - 1)) + " and " + phrases.getLast();
	}

}
