package dev.tessera.core.turn.rails;

import java.util.List;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.stream.SentenceStreamGuard;

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

	/** A guard that checks a streamed reply sentence by sentence with the same policy. */
	SentenceStreamGuard stream(AssistantDefinition assistant, PlaceholderVault vault, List<String> sources,
			SentenceStreamGuard.Listener listener);

}
