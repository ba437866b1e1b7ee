package dev.tessera.core.turn.rails;

import java.util.List;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.stream.SentenceStreamGuard;

/**
 * Runs the output rails listed in the assistant's policy.
 */
public final class PolicyOutputRails implements OutputRailsStage {

	private final RailChain chain;

	public PolicyOutputRails(RailChain chain) {
		this.chain = chain;
	}

	@Override
	public RailChainResult check(AssistantDefinition assistant, String reply, PlaceholderVault vault,
			List<String> sources) {
		return this.chain.run(reply, assistant.id(), RailContext.Direction.OUTPUT, assistant.outputRails(), vault,
				sources);
	}

	@Override
	public SentenceStreamGuard stream(AssistantDefinition assistant, PlaceholderVault vault, List<String> sources,
			SentenceStreamGuard.Listener listener) {
		return new SentenceStreamGuard(this.chain, assistant.id(), assistant.outputRails(), vault, sources, listener);
	}

}
