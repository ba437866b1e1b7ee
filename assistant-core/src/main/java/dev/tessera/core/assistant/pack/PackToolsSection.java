package dev.tessera.core.assistant.pack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import dev.tessera.core.assistant.HandoffTriggers;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolBinding;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.tool.ToolReplies;
import dev.tessera.core.tool.ToolSlot;

import static dev.tessera.core.assistant.pack.PackFields.enumValue;
import static dev.tessera.core.assistant.pack.PackFields.probability;
import static dev.tessera.core.assistant.pack.PackFields.required;

/**
 * The conversation sections of a pack: {@code tools:} (checked against the registered tools) and
 * {@code handoff-when:}.
 */
final class PackToolsSection {

	private final ToolRegistry tools;

	PackToolsSection(ToolRegistry tools) {
		this.tools = tools;
	}

	List<ToolBinding> tools(String file, List<PackFile.Tool> entries) {
		if (entries == null) {
			return List.of();
		}
		List<ToolBinding> bindings = new ArrayList<>();
		Set<String> bound = new LinkedHashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			PackFile.Tool entry = entries.get(i);
			String at = "tools[" + i + "]";
			String name = required(file, at + ".tool", entry.tool());
			AssistantTool tool = this.tools.find(name)
				.orElseThrow(() -> new InvalidPackException(file, at + ".tool", "unknown tool '" + name
						+ "'; known tools: " + this.tools.names()));
			if (!bound.add(name)) {
				throw new InvalidPackException(file, at + ".tool", "tool '" + name + "' is bound twice");
			}
			List<String> intents = entry.intents() == null ? List.of() : entry.intents();
			List<String> anyOf = entry.anyOf() == null ? List.of() : entry.anyOf();
			if (intents.isEmpty() && anyOf.isEmpty()) {
				throw new InvalidPackException(file, at + ".intents",
						"a tool needs intents or any-of phrases that call it");
			}
			double minConfidence = probability(file, at + ".min-confidence", entry.minConfidence()).orElse(0);
			List<ToolSlot> slots = slots(file, at, tool, entry.slots());
			String ask = required(file, at + ".ask", entry.ask());
			if (!ask.contains("{" + ToolReplies.MISSING + "}")) {
				throw new InvalidPackException(file, at + ".ask",
						"must contain {" + ToolReplies.MISSING + "}, where the missing slots are named");
			}
			Map<String, String> replies = toolReplies(file, at, tool, slots, entry.replies());
			bindings.add(new ToolBinding(name, Set.copyOf(intents), minConfidence, anyOf, slots, ask, replies,
					entry.settings(), Boolean.TRUE.equals(entry.citePassage())));
		}
		return bindings;
	}

	static List<ToolSlot> slots(String file, String at, AssistantTool tool, List<PackFile.Slot> entries) {
		List<PackFile.Slot> given = entries == null ? List.of() : entries;
		Map<String, ToolSlot> byName = new LinkedHashMap<>();
		for (int j = 0; j < given.size(); j++) {
			PackFile.Slot entry = given.get(j);
			String slotAt = at + ".slots[" + j + "]";
			String name = required(file, slotAt + ".name", entry.name());
			if (!tool.slots().contains(name)) {
				throw new InvalidPackException(file, slotAt + ".name", "tool '" + tool.name() + "' has no slot '" + name
						+ "'; its slots: " + tool.slots());
			}
			ToolSlot.Type type = entry.type() == null ? ToolSlot.Type.PATTERN
					: enumValue(file, slotAt + ".type", entry.type(), ToolSlot.Type::valueOf, ToolSlot.Type.values());
			Pattern pattern = null;
			if (type == ToolSlot.Type.PATTERN) {
				String regex = required(file, slotAt + ".pattern", entry.pattern());
				try {
					pattern = Pattern.compile(regex);
				}
				catch (PatternSyntaxException ex) {
					throw new InvalidPackException(file, slotAt + ".pattern",
							"is not a regular expression: " + ex.getDescription());
				}
			}
			boolean personal = entry.personal() != null ? entry.personal() : type == ToolSlot.Type.EMAIL;
			if (byName.putIfAbsent(name,
					new ToolSlot(name, type, pattern, required(file, slotAt + ".ask", entry.ask()), personal)) != null) {
				throw new InvalidPackException(file, slotAt + ".name", "slot '" + name + "' is defined twice");
			}
		}
		for (String needed : tool.slots()) {
			if (!byName.containsKey(needed)) {
				throw new InvalidPackException(file, at + ".slots", "tool '" + tool.name() + "' needs slot '" + needed
						+ "': say how to find it (pattern or type) and how to ask for it");
			}
		}
		// asked in the tool's order, whatever order the pack lists them in
		return tool.slots().stream().map(byName::get).toList();
	}

	static Map<String, String> toolReplies(String file, String at, AssistantTool tool, List<ToolSlot> slots,
			Map<String, String> replies) {
		Map<String, String> given = replies == null ? Map.of() : replies;
		for (String outcome : given.keySet()) {
			if (!tool.outcomes().contains(outcome)) {
				throw new InvalidPackException(file, at + ".replies." + outcome, "tool '" + tool.name()
						+ "' has no outcome '" + outcome + "'; its outcomes: " + tool.outcomes().stream().sorted().toList());
			}
		}
		Map<String, String> result = new LinkedHashMap<>();
		for (String outcome : tool.outcomes().stream().sorted().toList()) {
			String field = at + ".replies." + outcome;
			String template = given.get(outcome);
			if (template == null || template.isBlank()) {
				throw new InvalidPackException(file, field,
						"is required: tool '" + tool.name() + "' can answer '" + outcome + "'");
			}
			for (String placeholder : ToolReplies.placeholders(template)) {
				ToolSlot slot = slots.stream().filter(s -> s.name().equals(placeholder)).findFirst().orElse(null);
				if (slot != null && slot.personal()) {
					throw new InvalidPackException(file, field, "names the personal slot {" + placeholder
							+ "}: replies may not show personal values");
				}
				if (slot == null && !tool.fields().isEmpty() && !tool.fields().contains(placeholder)) {
					throw new InvalidPackException(file, field, "names {" + placeholder + "}, which is neither a field of"
							+ " tool '" + tool.name() + "' " + tool.fields().stream().sorted().toList() + " nor one of its slots");
				}
			}
			result.put(outcome, template.strip());
		}
		return result;
	}

	static HandoffTriggers handoffWhen(String file, PackFile.HandoffWhen entry) {
		if (entry == null) {
			return HandoffTriggers.none();
		}
		java.util.Set<String> upsetIntents = Set.of();
		double maxSentiment = -1;
		if (entry.upset() != null) {
			if (entry.upset().intents() == null || entry.upset().intents().isEmpty()) {
				throw new InvalidPackException(file, "handoff-when.upset.intents",
						"needs the intents that count as complaints");
			}
			upsetIntents = Set.copyOf(entry.upset().intents());
			Double max = entry.upset().maxSentiment();
			if (max == null) {
				throw new InvalidPackException(file, "handoff-when.upset.max-sentiment", "is required (-1..1)");
			}
			if (max < -1 || max > 1 || max.isNaN()) {
				throw new InvalidPackException(file, "handoff-when.upset.max-sentiment", "must be within -1..1, got " + max);
			}
			maxSentiment = max;
		}
		OptionalInt failedTurns = OptionalInt.empty();
		if (entry.failedTurns() != null) {
			if (entry.failedTurns() < 1) {
				throw new InvalidPackException(file, "handoff-when.failed-turns", "must be >= 1, got " + entry.failedTurns());
			}
			failedTurns = OptionalInt.of(entry.failedTurns());
		}
		return new HandoffTriggers(upsetIntents, maxSentiment, failedTurns);
	}

}
