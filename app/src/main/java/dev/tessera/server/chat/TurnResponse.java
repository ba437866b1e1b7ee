package dev.tessera.server.chat;

import java.util.List;

import dev.tessera.core.turn.Citation;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.RailFinding;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.TurnResult;

/**
 * A reply as the chat API returns it: the text, its sources, and how it was produced: every route the stages
 * proposed, and the route decided among them with its reason.
 */
public record TurnResponse(String turnId, String conversationId, String assistant, String text,
		List<Citation> citations, String route, String routeReason, String model, List<RailFinding> rails,
		List<DecisionStep> trail, long latencyMs, List<Proposal> proposals) {

	public static TurnResponse of(TurnResult result) {
		return new TurnResponse(result.turnId(), result.conversationId(), result.assistantId(), result.text(),
				result.citations(), result.route().name(), result.routeReason(), result.model(), result.rails(),
				result.trail(), result.latencyMs(), result.proposals().stream().map(Proposal::of).toList());
	}

	/**
	 * @param source the stage that proposed, e.g. {@code input-rails}, {@code knowledge}
	 * @param route the route it asked for
	 * @param reason why
	 */
	public record Proposal(String source, String route, String reason) {

		static Proposal of(RouteProposal proposal) {
			return new Proposal(proposal.source().label(), proposal.route().name(), proposal.reason());
		}

	}

}
