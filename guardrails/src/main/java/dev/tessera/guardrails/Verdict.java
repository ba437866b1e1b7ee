package dev.tessera.guardrails;

import java.util.List;
import java.util.Objects;

/**
 * What a rail found in a text.
 *
 * @param rail the rail's name
 * @param detected whether the rail found what it looks for
 * @param reason a sentence a person can read, e.g. "found 1 email address"
 * @param spans where in the checked text the findings are
 * @param confidence how sure the rail is, 0..1 (1 for exact rules)
 * @param rewrittenText the text with the finding handled (redacted, amended); {@code null} when the rail has no
 * rewrite
 */
public record Verdict(String rail, boolean detected, String reason, List<Span> spans, double confidence,
		String rewrittenText) {

	public Verdict {
		Objects.requireNonNull(rail, "rail cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		spans = List.copyOf(spans);
		if (confidence < 0 || confidence > 1) {
			throw new IllegalArgumentException("confidence must be within 0..1, got " + confidence);
		}
	}

	public static Verdict pass(String rail, String reason) {
		return new Verdict(rail, false, reason, List.of(), 1.0, null);
	}

	/**
	 * A character span of a finding.
	 *
	 * @param start inclusive offset
	 * @param end exclusive offset
	 * @param label what was found there, e.g. {@code EMAIL}
	 */
	public record Span(int start, int end, String label) {
	}

}
