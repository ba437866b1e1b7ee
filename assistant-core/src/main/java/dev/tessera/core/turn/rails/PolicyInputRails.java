package dev.tessera.core.turn.rails;

import dev.tessera.core.turn.Turn;
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
	public RailChainResult check(Turn turn, String message) {
		return this.chain.run(message, turn.assistant().id(), RailContext.Direction.INPUT,
				turn.assistant().inputRails(), turn.vault(), java.util.List.of(), turn.embeddings());
	}

}
