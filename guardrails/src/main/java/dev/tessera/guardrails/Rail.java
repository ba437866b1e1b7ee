package dev.tessera.guardrails;

/**
 * A guardrail: inspects one text (a user message, a retrieved passage or a reply) and returns a {@link Verdict}.
 * <p>
 * A rail only detects; what happens on detection (allow, rewrite, block, escalate, hand off) is decided by the
 * assistant's {@link RailPolicy}, so one rail serves assistants with different needs.
 */
public interface Rail {

	/** Stable name used in policies, verdicts and the audit trail, e.g. {@code pii}. */
	String name();

	Verdict check(String text, RailContext context);

}
