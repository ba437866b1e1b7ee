package dev.tessera.core.turn.route;

import java.util.List;
import java.util.Objects;

import dev.tessera.core.turn.Route;

/**
 * @param route the chosen route
 * @param reason why, in words a reviewer understands
 * @param reply a reply fixed by the decision (e.g. a domain rule's own reply), or empty
 * @param knowledgeGap whether the route was chosen because the knowledge could not support an answer
 * @param signals every signal the router weighed, as read (for the decision trail)
 */
public record RouteDecision(Route route, String reason, String reply, boolean knowledgeGap, List<String> signals) {

	public RouteDecision {
		Objects.requireNonNull(route, "route cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		reply = reply == null ? "" : reply;
		signals = signals == null ? List.of() : List.copyOf(signals);
	}

	public RouteDecision(Route route, String reason, String reply, boolean knowledgeGap) {
		this(route, reason, reply, knowledgeGap, List.of());
	}

	/** The same decision with another route and reason, e.g. when an escalation could not be carried out. */
	public RouteDecision rerouted(Route newRoute, String newReason) {
		return new RouteDecision(newRoute, newReason, this.reply, this.knowledgeGap, this.signals);
	}

}
