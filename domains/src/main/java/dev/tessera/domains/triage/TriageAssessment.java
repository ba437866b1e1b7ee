package dev.tessera.domains.triage;

import java.util.List;
import java.util.Objects;

/**
 * The triage of one description.
 *
 * @param level how urgently to seek care: the most urgent level any finding asks for
 * @param reasons every finding, most urgent first (the first is decisive)
 * @param facts what the description says about age, duration, severity and vital signs
 * @param symptomReport whether the description reports someone's own symptoms (rather than asking a general
 * question): only reports need age, duration and severity before advice
 * @param missing the facts a report lacks (empty for a general question)
 * @param doseRequest whether the description asks how much of a medicine to take or give
 * @param complaint the description's words without those that gave age, duration and severity and without
 * function words: what to search the knowledge for (the rest matches no guidance and dilutes the search)
 */
public record TriageAssessment(UrgencyLevel level, List<TriageReason> reasons, PatientFacts facts,
		boolean symptomReport, List<MissingFact> missing, boolean doseRequest, String complaint) {

	public TriageAssessment {
		Objects.requireNonNull(level, "level cannot be null");
		reasons = List.copyOf(reasons);
		Objects.requireNonNull(facts, "facts cannot be null");
		missing = List.copyOf(missing);
		Objects.requireNonNull(complaint, "complaint cannot be null");
	}

	/** Red flags and danger-zone findings decide at once, whatever else is missing. */
	public boolean emergency() {
		return this.level == UrgencyLevel.EMERGENCY;
	}

	/** A report that lacks facts gets questions instead of advice, unless it is an emergency. */
	public boolean needsFollowUp() {
		return !emergency() && this.symptomReport && !this.missing.isEmpty();
	}

	/** The reply that fits the decisive emergency finding (self-harm first: its reply names a crisis line). */
	public EmergencyAdvice emergencyAdvice() {
		List<TriageReason> emergencies = this.reasons.stream()
			.filter(reason -> reason.level() == UrgencyLevel.EMERGENCY)
			.toList();
		return emergencies.stream()
			.map(TriageReason::advice)
			.filter(advice -> advice == EmergencyAdvice.SELF_HARM)
			.findFirst()
			.orElse(emergencies.isEmpty() ? EmergencyAdvice.GENERAL : emergencies.getFirst().advice());
	}

}
