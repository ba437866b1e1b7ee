package dev.tessera.core.tool;

import java.util.Map;
import java.util.Objects;

/**
 * What a tool did.
 *
 * @param outcome one of the tool's declared outcomes, e.g. {@code found}; the pack's reply for it is used
 * @param resolved whether the user's request got an answer (found, started, or refused with a reason); an unresolved
 * result (nothing found) counts as a turn that did not help, and several in a row bring a person in
 * @param fields values for the reply template, e.g. {@code status}; shown in the decision trail, so no personal data
 * @param reason why this outcome, for the decision trail and audit record
 */
public record ToolResult(String outcome, boolean resolved, Map<String, String> fields, String reason) {

	public ToolResult {
		if (outcome == null || outcome.isBlank()) {
			throw new IllegalArgumentException("outcome cannot be null or empty");
		}
		fields = Map.copyOf(fields);
		Objects.requireNonNull(reason, "reason cannot be null");
	}

	/** The request was answered (including a refusal with its reason). */
	public static ToolResult resolved(String outcome, Map<String, String> fields, String reason) {
		return new ToolResult(outcome, true, fields, reason);
	}

	/** Nothing the user asked for could be found or done. */
	public static ToolResult unresolved(String outcome, Map<String, String> fields, String reason) {
		return new ToolResult(outcome, false, fields, reason);
	}

}
