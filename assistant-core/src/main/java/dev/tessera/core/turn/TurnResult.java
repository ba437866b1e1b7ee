package dev.tessera.core.turn;

import java.util.List;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.heads.HeadPrediction;

/**
 * The answer to a turn, with how it was produced.
 *
 * @param turnId id of this turn (also the audit record's key)
 * @param conversationId the conversation
 * @param assistantId the assistant that answered
 * @param text the reply
 * @param citations sources the reply relies on
 * @param route how the turn was answered
 * @param routeReason why that route
 * @param model what produced the text (e.g. {@code grounded-template})
 * @param rails every rail verdict, input then output
 * @param trail what each stage did, in order
 * @param latencyMs time from receiving the message to the recorded reply
 * @param proposals every route the stages proposed, in the order they were made; the route is the one decision
 * among them ({@code dev.tessera.core.turn.route.RoutePrecedence})
 * @param headPredictions what each task head predicted for the message, by head name (empty without heads)
 */
public record TurnResult(String turnId, String conversationId, String assistantId, String text,
		List<Citation> citations, Route route, String routeReason, String model, List<RailFinding> rails,
		List<DecisionStep> trail, long latencyMs, List<RouteProposal> proposals,
		java.util.Map<String, HeadPrediction> headPredictions) {

	public TurnResult {
		citations = List.copyOf(citations);
		rails = List.copyOf(rails);
		trail = List.copyOf(trail);
		proposals = proposals == null ? List.of() : List.copyOf(proposals);
		headPredictions = headPredictions == null ? java.util.Map.of() : java.util.Map.copyOf(headPredictions);
	}

	public TurnResult(String turnId, String conversationId, String assistantId, String text,
			List<Citation> citations, Route route, String routeReason, String model, List<RailFinding> rails,
			List<DecisionStep> trail, long latencyMs, List<RouteProposal> proposals) {
		this(turnId, conversationId, assistantId, text, citations, route, routeReason, model, rails, trail, latencyMs,
				proposals, java.util.Map.of());
	}

	/** A result without its proposals (a recorded turn read back, a test). */
	public TurnResult(String turnId, String conversationId, String assistantId, String text,
			List<Citation> citations, Route route, String routeReason, String model, List<RailFinding> rails,
			List<DecisionStep> trail, long latencyMs) {
		this(turnId, conversationId, assistantId, text, citations, route, routeReason, model, rails, trail, latencyMs,
				List.of());
	}

}
