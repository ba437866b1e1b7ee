package dev.tessera.core.turn.route;

import java.util.Comparator;
import java.util.List;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;

/**
 * The one decision step of a turn: every stage proposes a route ({@link RouteProposal}), and this picks the proposal
 * whose {@link RouteProposal.Source source} comes first in the documented precedence (output rails, responder,
 * generation, input rails, domain assessor, domain rules, conversation, tool, task head, knowledge, complexity,
 * default); among proposals of one source the earliest made wins. It is applied once before the reply is written and
 * again whenever writing or checking the reply adds a proposal, always to the whole list, so "why did this turn go
 * there?" has one answer: the winning proposal, shown beside all the others.
 * <p>
 * Escalation needs a large model: a winning {@link Route#ESCALATE_LLM} becomes a hand-off when none is configured,
 * never an error.
 */
public final class RoutePrecedence {

	private final boolean largeModelAvailable;

	public RoutePrecedence(boolean largeModelAvailable) {
		this.largeModelAvailable = largeModelAvailable;
	}

	/**
	 * @param proposals every proposal of the turn so far, in the order they were made (at least one)
	 * @param signals the signals read, as the trail shows them
	 */
	public RouteDecision decide(List<RouteProposal> proposals, List<String> signals) {
		if (proposals.isEmpty()) {
			throw new IllegalArgumentException("a route is decided among proposals: none was made");
		}
		RouteProposal winner = proposals.stream()
			.min(Comparator.comparingInt(proposal -> proposal.source().ordinal()))
			.orElseThrow();
		Route route = winner.route();
		String reason = winner.reason();
		if (route == Route.ESCALATE_LLM) {
			if (this.largeModelAvailable) {
				reason += "; escalated to the large model";
			}
			else {
				route = Route.HANDOFF_HUMAN;
				reason += "; no large model is configured, so a person decides";
			}
		}
		return new RouteDecision(route, reason, winner.reply(), winner.knowledgeGap(), signals, winner.source(),
				proposals);
	}

	/**
	 * A proposal that defers to the routing policy's route for a signal ({@code wanted}: the large model or a
	 * person), saying so.
	 */
	public static RouteProposal deferral(RouteProposal.Source source, Route wanted, String because,
			boolean knowledgeGap) {
		String reason = wanted == Route.HANDOFF_HUMAN ? because + "; the routing policy sends this to a person"
				: because;
		return new RouteProposal(source, wanted, reason, "", knowledgeGap);
	}

}
