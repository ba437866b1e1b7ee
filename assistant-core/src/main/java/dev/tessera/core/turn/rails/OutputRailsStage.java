package dev.tessera.core.turn.rails;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Stage 6: the assistant's output rails on the reply (PII leakage, required notices, domain policy).
 */
public interface OutputRailsStage {

	RailChainResult check(AssistantDefinition assistant, String reply);

}
