package dev.tessera.core.turn.route;

import java.util.List;
import java.util.Objects;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;

/**
 * The one decision of a turn's route, made by {@link RoutePrecedence} from every stage's proposal.
 *
 * @param route the chosen route
 * @param reason why, in words a reviewer understands
 * @param reply a reply fixed by the decision (e.g. a domain rule's own reply), or empty
 * @param knowledgeGap whether the route was chosen because the knowledge could not support an answer
 * @param signals every signal the router weighed, as read (for the decision trail)
 * @param decidedBy the source of the proposal that won
 * @param proposals every proposal the decision weighed, in the order the stages made them
 */
public record RouteDecision(Route route, String reason, String reply, boolean knowledgeGap, List<String> signals,
		RouteProposal.Source decidedBy, List<RouteProposal> proposals) {

	public RouteDecision {
		Objects.requireNonNull(route, "route cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		reply = reply == null ? "" : reply;
		signals = signals == null ? List.of() : List.copyOf(signals);
		Objects.requireNonNull(decidedBy, "decidedBy cannot be null");
		proposals = proposals == null ? List.of() : List.copyOf(proposals);
	}

	/** The same decision with another route and reason, e.g. the hand-off a responder writes when it cannot escalate. */
	public RouteDecision rerouted(Route newRoute, String newReason) {
		return new RouteDecision(newRoute, newReason, this.reply, this.knowledgeGap, this.signals, this.decidedBy,
				this.proposals);
	}

	/** The proposals and the winner as one sentence for the trail. */
	public String describe() {
		StringBuilder text = new StringBuilder(this.reason);
		if (!this.signals.isEmpty()) {
			text.append(" [signals: ").append(String.join("; ", this.signals)).append(']');
		}
		if (!this.proposals.isEmpty()) {
			text.append(" [decided by ").append(this.decidedBy.label()).append(" among ").append(this.proposals.size())
				.append(" proposal(s): ")
				.append(String.join(" | ", this.proposals.stream().map(RouteProposal::describe).toList()))
				.append(']');
		}
		return text.toString();
	}

}
