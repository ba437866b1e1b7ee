package dev.tessera.core.escalation;

import java.util.Map;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Redacts personal data from text that leaves the assistant (to a large model, into a hand-off queue) with the
 * {@code pii} rail, whatever the assistant's own rail policy says: the policy may allow personal data in a local
 * reply, but it never travels further unredacted.
 */
public final class ContextRedactor {

	private final Rail pii;

	/**
	 * @param pii the rail that finds and replaces personal data (the {@code pii} rail)
	 */
	public ContextRedactor(Rail pii) {
		this.pii = pii;
	}

	public String redact(String text, String assistantId) {
		Verdict verdict = this.pii.check(text, new RailContext(assistantId, RailContext.Direction.INPUT, Map.of()));
		return verdict.detected() && verdict.rewrittenText() != null ? verdict.rewrittenText() : text;
	}

}
