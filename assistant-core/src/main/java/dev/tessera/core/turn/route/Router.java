package dev.tessera.core.turn.route;

/**
 * Stage 4: decides whether the small model answers, the large model answers, or a person takes over.
 */
public interface Router {

	RouteDecision route(RoutingSignals signals);

}
