package dev.tessera.core.turn.route;

import java.util.Optional;

/**
 * Stage 4: decides whether the small model answers, the large model answers, or a person takes over.
 */
public interface Router {

	RouteDecision route(RoutingSignals signals);

	/**
	 * After a generative local model answered with the given confidence: a new decision when the answer should not
	 * be sent, or empty to keep it. Routers that do not weigh generation confidence keep every answer.
	 */
	default Optional<RouteDecision> reconsider(RoutingSignals signals, RouteDecision decision,
			double generationConfidence) {
		return Optional.empty();
	}

}
