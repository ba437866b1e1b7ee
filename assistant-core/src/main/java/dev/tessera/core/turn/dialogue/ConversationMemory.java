package dev.tessera.core.turn.dialogue;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the assistant remembers about a conversation between its turns: slot values the user gave (an order number,
 * an email), the tool waiting for a missing slot, and how many turns in a row did not help. Personal values are
 * kept here, never in the database (stored messages are redacted), so this memory must not be persisted or logged.
 */
public interface ConversationMemory {

	State recall(String conversationId);

	void remember(String conversationId, State state);

	void forget(String conversationId);

	/**
	 * @param slots slot values given so far, by slot name (shared by the assistant's tools)
	 * @param pendingTool the tool whose follow-up question is open
	 * @param asked the slots that question asked for
	 * @param failedTurns turns in a row that did not help, up to the last one
	 */
	record State(Map<String, String> slots, Optional<String> pendingTool, Set<String> asked, int failedTurns) {

		public State {
			slots = Map.copyOf(slots);
			Objects.requireNonNull(pendingTool, "pendingTool cannot be null");
			asked = Set.copyOf(asked);
			if (failedTurns < 0) {
				throw new IllegalArgumentException("failedTurns must be >= 0, got " + failedTurns);
			}
		}

		public static State empty() {
			return new State(Map.of(), Optional.empty(), Set.of(), 0);
		}

		public boolean isEmpty() {
			return this.slots.isEmpty() && this.pendingTool.isEmpty() && this.failedTurns == 0;
		}

	}

}
