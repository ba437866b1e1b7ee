package dev.tessera.core.turn.rails;

import java.util.List;

import dev.tessera.core.turn.Turn;
import dev.tessera.guardrails.RailChain.RailChainResult;
import dev.tessera.guardrails.stream.SentenceStreamGuard;

/**
 * Stage 7: the assistant's output rails on the reply (PII leakage, grounding, abuse, required notices, domain
 * policy).
 */
public interface OutputRailsStage {

	/**
	 * @param turn the turn: its vault as the input rails left it, its vectors
	 * @param sources what the reply may rest on ({@link ReplySources})
	 */
	RailChainResult check(Turn turn, String reply, List<String> sources);

	/** A guard that checks a streamed reply sentence by sentence with the same policy. */
	SentenceStreamGuard stream(Turn turn, List<String> sources, SentenceStreamGuard.Listener listener);

}
