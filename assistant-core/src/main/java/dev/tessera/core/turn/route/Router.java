package dev.tessera.core.turn.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.tessera.core.turn.RouteProposal;

/**
 * Reads the signals the small model's own answer depends on (task-head confidence, knowledge support, query
 * complexity, generation confidence) as proposals, and applies the one {@link RoutePrecedence} to those and to the
 * other stages' proposals.
 */
public interface Router {

	/** The router's own proposals: always at least the default (answer locally). */
	List<RouteProposal> propose(RoutingSignals signals);

	/** The one decision step over every proposal of the turn so far. */
	RouteDecision decide(List<RouteProposal> proposals, RoutingSignals signals);

	/**
	 * After a generative local model answered with the given confidence: a proposal when the answer should not be
	 * sent, or empty to keep it. Routers that do not weigh generation confidence keep every answer.
	 */
	default Optional<RouteProposal> reconsider(RoutingSignals signals, RouteDecision decision,
			double generationConfidence) {
		return Optional.empty();
	}

	/** The decision before a reply is written: the stages' proposals in the signals and the router's own. */
	default RouteDecision route(RoutingSignals signals) {
		List<RouteProposal> proposals = new ArrayList<>(signals.stageProposals());
		proposals.addAll(propose(signals));
		return decide(proposals, signals);
	}

}
