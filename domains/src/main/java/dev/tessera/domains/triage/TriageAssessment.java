package dev.tessera.domains.triage;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The triage of one description.
 *
 * @param level how urgently to seek care: the acuity model's level, raised by the rules' floor where it asks for more
 * @param reasons every finding behind the level, most urgent first (the first is decisive), and the model's
 * @param facts what the description says about age, duration, severity and vital signs
 * @param findings every typed finding with its span
 * @param atLeast the model's probabilities that the case is at least an emergency, at least urgent, at least routine
 * @param uncertain whether the case fell in the model's uncertain band and was raised one level
 * @param symptomReport whether the description reports someone's own symptoms (rather than asking a general
 * question)
 * @param missing the facts a report lacks, the one whose answer would most change the level first (empty for a
 * general question)
 * @param doseRequest whether the description asks how much of a medicine to take or give
 * @param complaint the description's words without those that gave age, duration and severity and without
 * function words: what to search the knowledge for
 * @param unreadable why the description cannot be assessed (an implausible reading, another language, nothing to
 * read), when it cannot; the level is then no assessment and must not be shown as one
 */
public record TriageAssessment(UrgencyLevel level, List<TriageReason> reasons, PatientFacts facts,
		ClinicalFindings findings, double[] atLeast, boolean uncertain, boolean symptomReport,
		List<MissingFact> missing, boolean doseRequest, String complaint, Optional<String> unreadable) {

	public TriageAssessment {
		Objects.requireNonNull(level, "level cannot be null");
		reasons = List.copyOf(reasons);
		Objects.requireNonNull(facts, "facts cannot be null");
		Objects.requireNonNull(findings, "findings cannot be null");
		atLeast = atLeast.clone();
		missing = List.copyOf(missing);
		Objects.requireNonNull(complaint, "complaint cannot be null");
		Objects.requireNonNull(unreadable, "unreadable cannot be null");
	}

	/** Red flags, danger-zone findings and the model's emergency decide at once, whatever else is missing. */
	public boolean emergency() {
		return this.level == UrgencyLevel.EMERGENCY && this.unreadable.isEmpty();
	}

	/** A report that lacks facts gets a question (one at a time) beside its provisional level, unless an emergency. */
	public boolean needsFollowUp() {
		return !emergency() && this.unreadable.isEmpty() && this.symptomReport && !this.missing.isEmpty();
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
