package dev.tessera.core.turn.route;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.understand.Understanding;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Everything the router weighs.
 */
public record RoutingSignals(AssistantDefinition assistant, RailChainResult inputRails, Understanding understanding,
		Retrieval retrieval) {
}
