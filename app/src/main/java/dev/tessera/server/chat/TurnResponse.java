package dev.tessera.server.chat;

import java.util.List;

import dev.tessera.core.turn.Citation;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.RailFinding;
import dev.tessera.core.turn.TurnResult;

/**
 * A reply as the chat API returns it: the text, its sources, and how it was produced.
 */
public record TurnResponse(String turnId, String conversationId, String assistant, String text,
		List<Citation> citations, String route, String routeReason, String model, List<RailFinding> rails,
		List<DecisionStep> trail, long latencyMs) {

	public static TurnResponse of(TurnResult result) {
		return new TurnResponse(result.turnId(), result.conversationId(), result.assistantId(), result.text(),
				result.citations(), result.route().name(), result.routeReason(), result.model(), result.rails(),
				result.trail(), result.latencyMs());
	}

}
