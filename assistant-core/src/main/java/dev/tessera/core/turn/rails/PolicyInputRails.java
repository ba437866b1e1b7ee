package dev.tessera.core.turn.rails;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.RailContext;

/**
 * Runs the input rails listed in the assistant's policy.
 */
public final class PolicyInputRails implements InputRailsStage {

	private final RailChain chain;

	public PolicyInputRails(RailChain chain) {
		this.chain = chain;
	}

	@Override
	public RailChainResult check(AssistantDefinition assistant, String message, PlaceholderVault vault) {
		return this.chain.run(message, assistant.id(), RailContext.Direction.INPUT, assistant.inputRails(), vault);
	}

}
