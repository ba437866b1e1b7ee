package dev.tessera.core.turn;

import java.util.List;

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
 */
public record TurnResult(String turnId, String conversationId, String assistantId, String text,
		List<Citation> citations, Route route, String routeReason, String model, List<RailFinding> rails,
		List<DecisionStep> trail, long latencyMs) {

	public TurnResult {
		citations = List.copyOf(citations);
		rails = List.copyOf(rails);
		trail = List.copyOf(trail);
	}

}
