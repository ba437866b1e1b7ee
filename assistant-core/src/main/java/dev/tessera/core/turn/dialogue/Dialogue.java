package dev.tessera.core.turn.dialogue;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.RouteProposal;

/**
 * What the dialogue stage made of a turn: the tool it called or the slots it must ask for, and the conversation's
 * signals.
 *
 * @param tool the tool turn, empty when no tool applies
 * @param signals sentiment and unhelpful turns so far
 * @param description the tool turn for the decision trail, personal values left out (empty without a tool turn)
 * @param proposals what the conversation proposes for the route: a person for an upset complaint or too many
 * unhelpful turns, and the tool's route
 */
public record Dialogue(Optional<ToolTurn> tool, ConversationSignals signals, String description,
		List<RouteProposal> proposals) {

	public Dialogue {
		Objects.requireNonNull(tool, "tool cannot be null");
		Objects.requireNonNull(signals, "signals cannot be null");
		description = description == null ? "" : description;
		proposals = proposals == null ? List.of() : List.copyOf(proposals);
	}

	public Dialogue(Optional<ToolTurn> tool, ConversationSignals signals, String description) {
		this(tool, signals, description, List.of());
	}

	/** The same dialogue with its proposals for the route. */
	public Dialogue withProposals(List<RouteProposal> newProposals) {
		return new Dialogue(this.tool, this.signals, this.description, newProposals);
	}

	public static Dialogue none() {
		return new Dialogue(Optional.empty(), ConversationSignals.neutral(), "");
	}

	/**
	 * Unhelpful turns in a row including this one: this one counts when it repeats the previous message (which did
	 * not help) or its tool did not help.
	 */
	public int failedTurnsIncludingThis() {
		boolean unhelpful = this.signals.repeated() || this.tool.isPresent() && !this.tool.get().helped();
		return this.signals.failedTurns() + (unhelpful ? 1 : 0);
	}

}
