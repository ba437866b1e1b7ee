package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Danger-zone vital signs and severe pain, after the Emergency Severity Index (ESI v4, AHRQ handbook chapter 4):
 * <ul>
 * <li>SpO2 below 92%, systolic blood pressure below 90 mmHg, a Glasgow coma score below 15, or a heart rate below 40:
 * emergency;</li>
 * <li>heart rate or respiratory rate above the danger zone for the age (older than 8 years: HR &gt; 100, RR &gt; 20;
 * 3-8 years: 140, 30; 3 months-3 years: 160, 40; under 3 months: 180, 50): an emergency when the person also shows
 * distress (restless, moaning, clammy, pale, retching...) or both rates are high, otherwise urgent;</li>
 * <li>pain of 7 or more out of 10, or described as excruciating, unbearable or the worst ever: emergency (ESI
 * "severe pain or distress");</li>
 * <li>fever (38 °C / 100.4 °F or more) in a baby under 3 months (NICE NG143: red) or in someone whose immunity is
 * suppressed by chemotherapy or a transplant (NICE NG151: neutropenic sepsis): emergency;</li>
 * <li>blood pressure of 180 systolic or 120 diastolic or more: urgent, and an emergency with headache, chest pain,
 * confusion, vision loss or weakness (hypertensive emergency).</li>
 * </ul>
 * With no age given, the adult limits apply.
 */
final class DangerZone {

	private static final Pattern DISTRESS = Pattern.compile("\\b(?:in (?:obvious |significant |severe |acute |great )?"
			+ "distress|distressed|moaning|groaning|writhing|restless\\w*|agitated|clammy|diaphoretic|sweating|sweaty"
			+ "|pale|ashen|grey|gray|mottled|retching)\\b");

	private static final Pattern SEVERE_PAIN = Pattern.compile("\\b(?:severe|excruciating|unbearable|agoni[sz]ing"
			+ "|intense|extreme|worst)\\b(?:\\W+\\w+){0,3}?\\W+(?:pain|pains|ache|headache|cramps?)\\b"
			+ "|\\bworst pain\\b|\\bin agony\\b|\\bkilling me\\b|\\bpain is (?:unbearable|excruciating)\\b");

	private static final Pattern FEVER = Pattern
		.compile("\\b(?:fever\\w*|febrile|high temperature|hot to (?:the )?touch|temperature of 3[89])\\b");

	private static final Pattern INFANT = Pattern.compile("\\b(?:newborn|new-born|new baby)\\b");

	private static final Pattern IMMUNOSUPPRESSED = Pattern.compile("\\b(?:chemo\\w*|neutropeni\\w*|immunosuppress\\w*"
			+ "|immunocompromised|transplant|cancer treatment|on steroids)\\b");

	private static final Pattern END_ORGAN = Pattern.compile("\\b(?:headache|chest pain|confus\\w*|vision|blurr\\w*"
			+ "|weakness|numbness|slurr\\w*|short of breath|shortness of breath)\\b");

	private DangerZone() {
	}

	static List<TriageReason> find(ClinicalText text, PatientFacts facts) {
		VitalSigns vitals = facts.vitals();
		List<TriageReason> found = new ArrayList<>();
		vitals.oxygenSaturation()
			.ifPresent(spo2 -> found.addAll(when(spo2 < 92, UrgencyLevel.EMERGENCY, "vital:spo2", "spo2 " + spo2 + "%",
					"oxygen saturation below 92% (ESI danger zone)", EmergencyAdvice.BREATHING)));
		vitals.systolic()
			.ifPresent(sbp -> found.addAll(when(sbp < 90, UrgencyLevel.EMERGENCY, "vital:systolic-bp", "bp " + sbp,
					"systolic blood pressure below 90 mmHg: possible shock", EmergencyAdvice.GENERAL)));
		vitals.gcs()
			.ifPresent(gcs -> found.addAll(when(gcs < 15, UrgencyLevel.EMERGENCY, "vital:gcs", "gcs " + gcs,
					"Glasgow coma score below 15: altered mental status (ESI danger zone)", EmergencyAdvice.GENERAL)));
		boolean child = facts.ageYears().isPresent() && facts.ageYears().getAsDouble() <= 8;
		vitals.heartRate()
			.ifPresent(hr -> found.addAll(when(hr < 40 && !child, UrgencyLevel.EMERGENCY, "vital:heart-rate-low",
					"hr " + hr, "heart rate below 40: a dangerously slow heart", EmergencyAdvice.GENERAL)));
		rates(text, facts).ifPresent(found::add);
		pain(text, vitals).ifPresent(found::add);
		fever(text, facts).ifPresent(found::add);
		bloodPressure(text, vitals).ifPresent(found::add);
		return found;
	}

	/** Heart and breathing rate above the danger zone for the age: urgent alone, an emergency with distress. */
	private static Optional<TriageReason> rates(ClinicalText text, PatientFacts facts) {
		VitalSigns vitals = facts.vitals();
		int[] limits = limits(facts);
		boolean fastHeart = vitals.heartRate().isPresent() && vitals.heartRate().getAsInt() > limits[0];
		boolean fastBreathing = vitals.respiratoryRate().isPresent()
				&& vitals.respiratoryRate().getAsInt() > limits[1];
		if (!fastHeart && !fastBreathing) {
			return Optional.empty();
		}
		List<String> readings = new ArrayList<>();
		if (fastHeart) {
			readings.add("hr " + vitals.heartRate().getAsInt() + " > " + limits[0]);
		}
		if (fastBreathing) {
			readings.add("rr " + vitals.respiratoryRate().getAsInt() + " > " + limits[1]);
		}
		Optional<String> distress = text.affirmed(DISTRESS);
		String evidence = String.join(", ", readings);
		String ages = facts.ageYears().isPresent() ? String.format(Locale.ROOT, "age %.1f", facts.ageYears().getAsDouble())
				: "adult limits (no age given)";
		if (fastHeart && fastBreathing) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "vital:danger-zone-rates", evidence,
					"heart and breathing rate both above the ESI danger zone (" + ages + ")", EmergencyAdvice.GENERAL));
		}
		if (distress.isPresent()) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "vital:danger-zone-rates",
					evidence + " + " + distress.get(),
					"a rate above the ESI danger zone (" + ages + ") with signs of distress", EmergencyAdvice.GENERAL));
		}
		return Optional.of(new TriageReason(UrgencyLevel.URGENT, "vital:danger-zone-rates", evidence,
				"a rate above the ESI danger zone (" + ages + ") without signs of distress: to be seen today"));
	}

	/** ESI danger-zone heart and respiratory rates by age: {heart rate, respiratory rate}. */
	private static int[] limits(PatientFacts facts) {
		if (facts.ageYears().isEmpty()) {
			return new int[] { 100, 20 };
		}
		double age = facts.ageYears().getAsDouble();
		if (age < 0.25) {
			return new int[] { 180, 50 };
		}
		if (age < 3) {
			return new int[] { 160, 40 };
		}
		if (age <= 8) {
			return new int[] { 140, 30 };
		}
		return new int[] { 100, 20 };
	}

	private static Optional<TriageReason> pain(ClinicalText text, VitalSigns vitals) {
		if (vitals.painScore().isPresent() && vitals.painScore().getAsDouble() >= 7) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "severe-pain",
					String.format(Locale.ROOT, "pain %.0f/10", vitals.painScore().getAsDouble()),
					"severe pain (7-10 out of 10) needs relief and assessment now (ESI: severe pain or distress)"));
		}
		if (vitals.painScore().isPresent()) {
			return Optional.empty(); // a score below 7 outranks the words around it
		}
		return text.affirmed(SEVERE_PAIN)
			.map(words -> new TriageReason(UrgencyLevel.EMERGENCY, "severe-pain", words,
					"pain described as severe needs relief and assessment now (ESI: severe pain or distress)"));
	}

	private static Optional<TriageReason> fever(ClinicalText text, PatientFacts facts) {
		boolean measured = facts.vitals().temperatureCelsius().isPresent()
				&& facts.vitals().temperatureCelsius().getAsDouble() >= 38.0;
		Optional<String> said = text.affirmed(FEVER);
		if (!measured && said.isEmpty()) {
			return Optional.empty();
		}
		String evidence = measured
				? String.format(Locale.ROOT, "%.1f \u00b0C", facts.vitals().temperatureCelsius().getAsDouble())
				: said.get();
		boolean infant = (facts.ageYears().isPresent() && facts.ageYears().getAsDouble() < 0.25)
				|| text.mentions(INFANT);
		if (infant) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "fever-under-3-months", evidence,
					"fever in a baby under 3 months (NICE NG143: red, needs assessment now)"));
		}
		Optional<String> immunity = text.affirmed(IMMUNOSUPPRESSED);
		if (immunity.isPresent()) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "fever-immunosuppressed",
					evidence + " + " + immunity.get(),
					"fever with suppressed immunity can be neutropenic sepsis (NICE NG151)"));
		}
		return Optional.empty();
	}

	private static Optional<TriageReason> bloodPressure(ClinicalText text, VitalSigns vitals) {
		boolean high = (vitals.systolic().isPresent() && vitals.systolic().getAsInt() >= 180)
				|| (vitals.diastolic().isPresent() && vitals.diastolic().getAsInt() >= 120);
		if (!high) {
			return Optional.empty();
		}
		String evidence = "bp " + vitals.systolic().getAsInt()
				+ (vitals.diastolic().isPresent() ? "/" + vitals.diastolic().getAsInt() : "");
		Optional<String> symptom = text.affirmed(END_ORGAN);
		if (symptom.isPresent()) {
			return Optional.of(new TriageReason(UrgencyLevel.EMERGENCY, "vital:hypertensive-emergency",
					evidence + " + " + symptom.get(),
					"blood pressure of 180/120 or more with symptoms of organ damage (hypertensive emergency)"));
		}
		return Optional.of(new TriageReason(UrgencyLevel.URGENT, "vital:severe-hypertension", evidence,
				"blood pressure of 180/120 or more needs a doctor today"));
	}

	private static List<TriageReason> when(boolean condition, UrgencyLevel level, String rule, String evidence,
			String why, EmergencyAdvice advice) {
		return condition ? List.of(new TriageReason(level, rule, evidence, why, advice)) : List.of();
	}

}
