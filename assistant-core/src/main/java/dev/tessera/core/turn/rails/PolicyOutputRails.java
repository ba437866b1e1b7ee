package dev.tessera.core.turn.rails;

import java.util.List;

import dev.tessera.core.turn.Turn;
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
	public RailChainResult check(Turn turn, String reply, List<String> sources) {
		return this.chain.run(reply, turn.assistant().id(), RailContext.Direction.OUTPUT,
				turn.assistant().outputRails(), turn.vault(), sources, turn.embeddings());
	}

	@Override
	public SentenceStreamGuard stream(Turn turn, List<String> sources, SentenceStreamGuard.Listener listener) {
		return new SentenceStreamGuard(this.chain, turn.assistant().id(), turn.assistant().outputRails(), turn.vault(),
				sources, turn.embeddings(), listener);
	}

}
