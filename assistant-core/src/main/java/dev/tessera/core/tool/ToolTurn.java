package dev.tessera.core.tool;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the tool stage did in a turn: called a tool, found slots missing and asks for them, or saw the tool fail.
 */
public sealed interface ToolTurn {

	ToolBinding binding();

	/** What called the tool: an intent, a phrase, or the conversation's pending question. */
	String trigger();

	/** The slot values known, by name (personal ones included: in memory only, never logged). */
	Map<String, String> slots();

	/** Whether the turn helped the user (a missing slot asked for again does not, nor does "nothing found"). */
	boolean helped();

	/** A line for the decision trail, with personal slot values left out. */
	String describe();

	/**
	 * The tool ran.
	 */
	record Called(ToolBinding binding, String trigger, Map<String, String> slots, ToolResult result) implements ToolTurn {

		public Called {
			Objects.requireNonNull(binding, "binding cannot be null");
			slots = Map.copyOf(slots);
			Objects.requireNonNull(result, "result cannot be null");
		}

		@Override
		public boolean helped() {
			return this.result.resolved();
		}

		@Override
		public String describe() {
			return "called " + this.binding.tool() + " (" + this.trigger + ") with " + describeSlots(this.binding,
					this.slots) + "; outcome " + this.result.outcome() + (this.result.resolved() ? "" : " (unresolved)")
					+ (this.result.fields().isEmpty() ? "" : "; fields " + new java.util.TreeMap<>(this.result.fields()))
					+ "; " + this.result.reason();
		}

	}

	/**
	 * Slots are missing: the reply asks for them and the tool is called once they are given.
	 *
	 * @param missing the missing slots, in the pack's order
	 * @param askedAgain whether the previous turn asked for one of these already
	 */
	record NeedsSlots(ToolBinding binding, String trigger, Map<String, String> slots, List<ToolSlot> missing,
			boolean askedAgain) implements ToolTurn {

		public NeedsSlots {
			Objects.requireNonNull(binding, "binding cannot be null");
			slots = Map.copyOf(slots);
			missing = List.copyOf(missing);
		}

		@Override
		public boolean helped() {
			return !this.askedAgain;
		}

		@Override
		public String describe() {
			return this.binding.tool() + " (" + this.trigger + ") needs " + this.missing.stream()
				.map(ToolSlot::name)
				.collect(Collectors.joining(", ")) + (this.slots.isEmpty() ? "" : "; known: "
						+ describeSlots(this.binding, this.slots)) + (this.askedAgain ? "; asked for again" : "");
		}

	}

	/**
	 * The tool threw: a person takes over.
	 */
	record Failed(ToolBinding binding, String trigger, Map<String, String> slots, String error) implements ToolTurn {

		public Failed {
			Objects.requireNonNull(binding, "binding cannot be null");
			slots = Map.copyOf(slots);
			Objects.requireNonNull(error, "error cannot be null");
		}

		@Override
		public boolean helped() {
			return false;
		}

		@Override
		public String describe() {
			return "called " + this.binding.tool() + " (" + this.trigger + ") with " + describeSlots(this.binding,
					this.slots) + "; failed: " + this.error;
		}

	}

	private static String describeSlots(ToolBinding binding, Map<String, String> slots) {
		return binding.slots()
			.stream()
			.filter(slot -> slots.containsKey(slot.name()))
			.map(slot -> slot.name() + "=" + slot.describe(slots.get(slot.name())))
			.collect(Collectors.joining(", "));
	}

}
