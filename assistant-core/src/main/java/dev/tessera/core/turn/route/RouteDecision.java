package dev.tessera.core.turn.route;

import java.util.Objects;

import dev.tessera.core.turn.Route;

/**
 * @param route the chosen route
 * @param reason why, in words a reviewer understands
 * @param reply a reply fixed by the decision (e.g. a domain rule's own reply), or empty
 * @param knowledgeGap whether the route was chosen because the knowledge could not support an answer
 */
public record RouteDecision(Route route, String reason, String reply, boolean knowledgeGap) {

	public RouteDecision {
		Objects.requireNonNull(route, "route cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		reply = reply == null ? "" : reply;
	}

}
