package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One read of a description: the normalized text, the facts and typed findings, what the rules found, and the acuity
 * model's features. Every regular expression runs once per description, whatever uses the result.
 *
 * @param text the description as triage reads it
 * @param facts age, duration, severity, vital signs
 * @param findings the typed findings with their spans
 * @param floor the red flags and danger-zone findings: the levels the model can never go below
 * @param cues the softer rules' findings (features for the model, not a floor)
 * @param features the acuity model's inputs
 */
record TriageReading(ClinicalText text, PatientFacts facts, ClinicalFindings findings, List<TriageReason> floor,
		List<TriageReason> cues, Map<String, Double> features) {

	static TriageReading of(String description) {
		ClinicalText text = ClinicalText.of(description);
		PatientFacts facts = PatientFacts.parse(text);
		List<TriageReason> redFlags = RedFlags.find(text);
		List<TriageReason> floor = new ArrayList<>(redFlags);
		List<TriageReason> cues = new ArrayList<>(SoftRules.find(text, facts));
		for (TriageReason danger : DangerZone.find(text, facts)) {
			(isFloor(danger) ? floor : cues).add(danger);
		}
		ClinicalFindings findings = ClinicalFindings.of(text, facts, redFlags);
		List<TriageReason> rules = new ArrayList<>(floor);
		rules.addAll(cues);
		return new TriageReading(text, facts, findings, List.copyOf(floor), List.copyOf(cues),
				AcuityFeatures.of(text, facts, findings, rules));
	}

	/**
	 * Danger-zone findings that are a floor: the emergency-level vital signs (SpO2 below 92, systolic below 90, GCS
	 * below 15, heart rate below 40, both rates above the danger zone, a rate above it with distress, fever in a baby
	 * or with suppressed immunity). Severe pain, severe hypertension and one fast rate alone are ESI's "consider level
	 * 2": the model weighs them (on the development records, 25%, 10% and 16% of the cases they fired on were
	 * emergencies).
	 */
	private static boolean isFloor(TriageReason danger) {
		return danger.level() == UrgencyLevel.EMERGENCY && !danger.rule().equals("severe-pain")
				&& !danger.rule().startsWith("vital:hypertensive");
	}

	/**
	 * What the encoder reads for the model: the chief complaint when the description names one (a record's
	 * "chief complaint of 'dyspnea'"), else the whole description.
	 */
	String complaintText() {
		return this.findings.get("complaint").map(Finding::value).orElse(this.text.text());
	}

	/** The features with the encoder's vector of {@link #complaintText()} added as {@code emb:0} ... */
	Map<String, Double> features(float[] embedding) {
		if (embedding == null) {
			return this.features;
		}
		Map<String, Double> all = new TreeMap<>(this.features);
		for (int i = 0; i < embedding.length; i++) {
			all.put("emb:" + i, (double) embedding[i]);
		}
		return all;
	}

	private static final Pattern WORRYING = Pattern.compile("(?:hr|rr|spo2|sbp|dbp|temp"
			+ "|gcs):.*|mental:(?:confused|verbal|pain|unresponsive)|pain:>=4|onset:sudden|age:<3"
			+ "|rule:(?:red-flag|vital|severe-pain|fever-).*|topic:(?:breathing|chest|neuro-deficit|altered-mentation"
			+ "|seizure|gi-bleeding|bleeding|intoxication|self-harm-or-psychiatric|major-injury|metabolic|fever"
			+ "|syncope-dizziness)");

	/**
	 * The findings that could make this an emergency: an abnormal reading, an altered mental status, pain of 4 or
	 * more, a sudden onset, a baby, a rule's finding, or a high-risk complaint (breathing, chest, neurological
	 * deficit, altered mentation, seizure, bleeding, intoxication, self-harm, major injury, a metabolic emergency,
	 * fever, fainting or dizziness). The acuity model may call an emergency on its own only when there is at least one (ESI's level 2
	 * rests on such a finding too); a description with none gets a question first. On the development records this
	 * costs little: emergencies with no such finding are rare there (see docs/triage.md).
	 */
	List<String> worrying() {
		return this.features.keySet().stream().filter(name -> WORRYING.matcher(name).matches()).toList();
	}

	/** The most urgent level the floor asks for, if any rule fired. */
	Optional<UrgencyLevel> floorLevel() {
		return this.floor.stream().map(TriageReason::level).max(UrgencyLevel::compareTo);
	}

}
