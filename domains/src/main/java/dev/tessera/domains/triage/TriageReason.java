package dev.tessera.domains.triage;

import java.util.Objects;

/**
 * One finding behind a triage level.
 *
 * @param level the level this finding asks for at least
 * @param rule the rule that found it, e.g. {@code red-flag:chest-pain}, {@code vital:spo2}, {@code model:acuity}
 * @param evidence the words of the description it rests on (lower-cased), e.g. {@code "spo2 79"}
 * @param why the clinical reason, in words a reviewer understands
 * @param advice the emergency reply that fits, for emergency findings
 */
public record TriageReason(UrgencyLevel level, String rule, String evidence, String why, EmergencyAdvice advice) {

	public TriageReason {
		Objects.requireNonNull(level, "level cannot be null");
		Objects.requireNonNull(rule, "rule cannot be null");
		evidence = evidence == null ? "" : evidence;
		Objects.requireNonNull(why, "why cannot be null");
		advice = advice == null ? EmergencyAdvice.GENERAL : advice;
	}

	public TriageReason(UrgencyLevel level, String rule, String evidence, String why) {
		this(level, rule, evidence, why, EmergencyAdvice.GENERAL);
	}

	/** One line for the decision trail and reports: {@code EMERGENCY red-flag:chest-pain "chest pain": why}. */
	public String describe() {
		return this.level + " " + this.rule + (this.evidence.isEmpty() ? "" : " \"" + this.evidence + "\"") + ": "
				+ this.why;
	}

}
