package dev.tessera.core.turn.rails;

import java.util.List;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Stage 7: the assistant's output rails on the reply (PII leakage, grounding, abuse, required notices, domain
 * policy).
 */
public interface OutputRailsStage {

	/**
	 * @param vault the turn's placeholder values, as the input rails left them
	 * @param sources what the reply may rest on ({@link ReplySources})
	 */
	RailChainResult check(AssistantDefinition assistant, String reply, PlaceholderVault vault, List<String> sources);

}
