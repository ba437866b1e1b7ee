package dev.tessera.core.turn.rails;

import java.util.Optional;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.Turn;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain.AppliedVerdict;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Stage 1: the assistant's input rails on the user's message (redaction, injection, scope, abuse).
 */
public interface InputRailsStage {

	/**
	 * @param turn the turn: its vault keeps the redacted values (so that the output rails number alike and the user's
	 * own values can be put back into the reply meant for them), its vectors the message's embedding
	 */
	RailChainResult check(Turn turn, String message);

	/**
	 * What the input rails propose for the route: nothing when they let the message through (redacted or not), else
	 * the route of the rail that stopped it (block, hand off, or the large model).
	 */
	static Optional<RouteProposal> proposal(RailChainResult input) {
		RailAction outcome = input.outcome();
		if (outcome == RailAction.ALLOW || outcome == RailAction.REWRITE) {
			return Optional.empty();
		}
		AppliedVerdict decisive = input.verdicts().getLast();
		String because = "input rail '" + decisive.verdict().rail() + "': " + decisive.verdict().reason();
		Route route = switch (outcome) {
			case BLOCK -> Route.BLOCKED;
			case HANDOFF -> Route.HANDOFF_HUMAN;
			default -> Route.ESCALATE_LLM;
		};
		return Optional.of(new RouteProposal(RouteProposal.Source.INPUT_RAILS, route, because, decisive.reply(), false));
	}

}
