package dev.tessera.domains.triage;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class TriageAssessorTest {

	private final TriageAssessor assessor = new TriageAssessor(AcuityModel.bundled(), null);

	private TriageAssessment assess(String description) {
		return this.assessor.assess(description);
	}

	private static List<String> rules(TriageAssessment assessment) {
		return assessment.reasons().stream().map(TriageReason::rule).toList();
	}

	@ParameterizedTest(name = "{1}: {0}")
	@CsvSource(delimiter = '|', value = {
			"I have crushing chest pain spreading to my left arm                 | red-flag:chest-pain",
			"there is a heavy pressure in my chest and I'm sweating              | red-flag:chest-pain",
			"my husband is short of breath and pale                              | red-flag:breathing",
			"I can't breathe properly                                            | red-flag:breathing",
			"she is working hard to breathe and her lips are going blue          | red-flag:breathing",
			"her face is drooping on one side                                    | red-flag:stroke-signs",
			"his speech is slurred since lunch                                   | red-flag:stroke-signs",
			"sudden weakness in my left arm                                      | red-flag:stroke-signs",
			"all of a sudden I couldn't see out of my right eye                  | red-flag:stroke-signs",
			"worst headache of my life and a stiff neck                          | red-flag:thunderclap-headache",
			"my throat is swelling after a bee sting                             | red-flag:severe-allergy",
			"I ate peanuts and used my EpiPen                                    | red-flag:severe-allergy",
			"I'm bleeding heavily from a cut on my leg                           | red-flag:severe-bleeding",
			"the bleeding won't stop                                             | red-flag:severe-bleeding",
			"he has been vomiting blood                                          | red-flag:severe-bleeding",
			"I want to end my life                                               | red-flag:self-harm",
			"she keeps thinking about hurting herself                            | red-flag:self-harm",
			"my friend passed out and is unresponsive                            | red-flag:unconscious",
			"my baby is floppy and won't wake up                                 | red-flag:unconscious",
			"my son had a seizure                                                | red-flag:seizure",
			"he took a whole bottle of pills                                     | red-flag:poisoning-or-overdose",
			"my toddler swallowed a button battery                               | red-flag:poisoning-or-overdose",
			"he has been shot in the leg                                         | red-flag:major-trauma",
			"I was in a car crash and I can't feel my legs                       | red-flag:major-trauma",
			"she missed her dialysis yesterday                                   | red-flag:missed-dialysis",
			"my mother is confused and does not know where she is                | red-flag:altered-mental-status",
			"a purple rash that doesn't fade when I press a glass on it          | red-flag:meningitis-rash",
			"my dad fell and hit his head, he takes warfarin                     | red-flag:head-injury-on-blood-thinner" })
	void every_red_flag_makes_an_emergency(String description, String rule) {
		TriageAssessment assessment = assess(description);

		assertThat(assessment.level()).isEqualTo(UrgencyLevel.EMERGENCY);
		assertThat(assessment.reasons().getFirst().rule()).isEqualTo(rule);
		assertThat(assessment.reasons().getFirst().why()).isNotBlank();
		assertThat(assessment.needsFollowUp()).as("an emergency never waits for missing facts").isFalse();
	}

	@ParameterizedTest
	@ValueSource(strings = { "I have no chest pain, just a runny nose", "He denies chest pain or shortness of breath.",
			"She denies suicidal or homicidal ideation.", "No loss of consciousness, my knee hurts.",
			"I didn't hit my head and I'm not on any medication", "There is no bleeding now",
			"without any difficulty breathing", "He has a history of seizures as a child and a sore knee now.",
			"History of previous suicide attempts; today she wants a repeat prescription.",
			"The patient is usually unresponsive; his feeding tube fell out.",
			"No obvious facial swelling is noted." })
	void negated_historical_and_baseline_findings_do_not_raise_a_red_flag(String description) {
		TriageAssessment assessment = assess(description);

		assertThat(assessment.reasons()).noneMatch(reason -> reason.rule().startsWith("red-flag:"));
		assertThat(assessment.level()).isNotEqualTo(UrgencyLevel.EMERGENCY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "I don't feel well and have chest pain", "I have no fever but I can't breathe",
			"I've never had chest pain like this before", "no idea why, but my chest pain is getting worse",
			"She has a history of asthma and now she can't breathe" })
	void a_negation_in_another_clause_does_not_hide_a_red_flag(String description) {
		assertThat(assess(description).level()).isEqualTo(UrgencyLevel.EMERGENCY);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
			"52-year-old, SpO2 91% on room air                                   | EMERGENCY | vital:spo2",
			"52-year-old, SpO2 92% on room air                                   | ROUTINE   | default",
			"BP 86/50, feels weak since this morning                            | EMERGENCY | vital:systolic-bp",
			"BP 70/palp, found on the floor                                     | EMERGENCY | vital:systolic-bp",
			"BP 90/60, feels fine                                               | ROUTINE   | default",
			"GCS 14 after a fall                                                | EMERGENCY | vital:gcs",
			"a 40-year-old, HR 122, restless and shaking                        | EMERGENCY | vital:danger-zone-rates",
			"a 40-year-old with a cough, HR 122                                 | URGENT    | vital:danger-zone-rates",
			"a 40-year-old with a cough, HR 100                                 | ROUTINE   | default",
			"a 30-year-old, RR 24, HR 112, watery stools                        | EMERGENCY | vital:danger-zone-rates",
			"a 30-year-old, RR 21 and moaning                                   | EMERGENCY | vital:danger-zone-rates",
			"a 2-year-old, HR 150, RR 35                                         | ROUTINE   | default",
			"a 2-year-old, HR 165                                                | URGENT    | vital:danger-zone-rates",
			"pain 7/10 in my back since yesterday                               | EMERGENCY | severe-pain",
			"pain 6/10 in my knee since yesterday                               | ROUTINE   | default",
			"the pain is excruciating                                           | EMERGENCY | severe-pain",
			"my 6-week-old baby has a temperature of 38.2                       | EMERGENCY | fever-under-3-months",
			"on chemotherapy and now a fever of 38.5                            | EMERGENCY | fever-immunosuppressed",
			"BP 188/124 and a headache                                          | EMERGENCY | vital:hypertensive-emergency",
			"BP 188/124 and no complaints                                       | URGENT    | vital:severe-hypertension",
			"T 102.8F and a sore knee                                           | URGENT    | high-fever" })
	void danger_zone_vital_signs_follow_the_esi_thresholds(String description, UrgencyLevel level, String rule) {
		TriageAssessment assessment = assess(description);

		assertThat(assessment.level()).isEqualTo(level);
		assertThat(assessment.reasons().getFirst().rule()).isEqualTo(rule);
	}

	@Test
	void reads_vital_signs_as_written_and_ignores_impossible_values() {
		VitalSigns vitals = assess("Vital signs: T 98.6\u02daF, HR 990, P 88, RR 16, BP 126/80, SpO2 93% on room air,"
				+ " pain 10+/10, GCS 15").facts()
			.vitals();

		assertThat(vitals.temperatureCelsius()).hasValue(37.0);
		assertThat(vitals.heartRate()).hasValue(88);
		assertThat(vitals.respiratoryRate()).hasValue(16);
		assertThat(vitals.systolic()).hasValue(126);
		assertThat(vitals.diastolic()).hasValue(80);
		assertThat(vitals.oxygenSaturation()).hasValue(93);
		assertThat(vitals.painScore()).hasValue(10.0);
		assertThat(vitals.gcs()).hasValue(15);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource(delimiter = '|', value = {
			"I think I broke my wrist when I fell this morning                  | soft:possible-fracture",
			"I'm 7 weeks pregnant and have some bleeding                        | soft:pregnancy-problem",
			"the cut on my hand is red and swollen and leaking pus              | soft:spreading-infection",
			"my calf is swollen and it hurts to walk                            | soft:possible-clot",
			"I keep vomiting and cannot keep fluids down                        | soft:dehydration",
			"I have a bad pain in the lower right side of my stomach            | soft:abdominal-pain",
			"it burns when I pee and I have a fever and back pain               | soft:urinary-with-fever-or-back-pain" })
	void softer_rules_ask_for_a_doctor_today(String description, String rule) {
		TriageAssessment assessment = assess(description);

		assertThat(assessment.level()).isEqualTo(UrgencyLevel.URGENT);
		assertThat(rules(assessment)).contains(rule);
	}

	@ParameterizedTest
	@ValueSource(strings = { "I twisted my ankle yesterday but I don't think it's broken",
			"the cut doesn't look infected", "I doubt it is broken, it only aches a little" })
	void a_patients_own_doubt_negates_a_softer_finding(String description) {
		assertThat(rules(assess(description))).doesNotContain("soft:possible-fracture", "soft:spreading-infection");
	}

	@Test
	void routine_and_self_care_findings() {
		assertThat(assess("I need to renew my repeat prescription").level()).isEqualTo(UrgencyLevel.ROUTINE);
		assertThat(assess("I've had a cough for four weeks").level()).isEqualTo(UrgencyLevel.ROUTINE);
		assertThat(assess("I have a runny nose and a mild sore throat").level()).isEqualTo(UrgencyLevel.SELF_CARE);
		assertThat(assess("mild stomach ache since lunch").reasons()).extracting(TriageReason::rule)
			.as("mild abdominal pain is not sent to a doctor today")
			.doesNotContain("soft:abdominal-pain");
	}

	@Test
	void a_symptom_report_without_age_duration_or_severity_needs_follow_up_questions() {
		TriageAssessment bare = assess("I have a headache");
		assertThat(bare.symptomReport()).isTrue();
		assertThat(bare.missing()).containsExactly(MissingFact.AGE, MissingFact.DURATION, MissingFact.SEVERITY);
		assertThat(bare.needsFollowUp()).isTrue();

		TriageAssessment partial = assess("I'm 34 and have had a headache since this morning");
		assertThat(partial.missing()).containsExactly(MissingFact.SEVERITY);

		TriageAssessment complete = assess("I'm 34 and have had a mild headache since this morning");
		assertThat(complete.missing()).isEmpty();
		assertThat(complete.needsFollowUp()).isFalse();
		assertThat(complete.facts().ageYears()).hasValue(34.0);
		assertThat(complete.facts().durationWords()).isEqualTo("since this morning");
		assertThat(complete.facts().severityWords()).isEqualTo("mild");

		TriageAssessment child = assess("my 3 year old has had a temperature of 38.5 for two days");
		assertThat(child.missing()).as("a measured temperature says how bad").isEmpty();
		assertThat(child.facts().ageYears()).hasValue(3.0);
		assertThat(child.facts().durationDays()).hasValue(2.0);
	}

	@ParameterizedTest
	@ValueSource(strings = { "How long does a cold usually last?", "What should I do about a sprained wrist?",
			"Can a pharmacist help with minor illnesses?", "When should I book a routine appointment?" })
	void a_general_question_needs_no_facts(String question) {
		TriageAssessment assessment = assess(question);

		assertThat(assessment.symptomReport()).isFalse();
		assertThat(assessment.needsFollowUp()).isFalse();
	}

	@Test
	void recognizes_requests_for_a_dose() {
		assertThat(assess("How much ibuprofen can I give my 3 year old?").doseRequest()).isTrue();
		assertThat(assess("what is the maximum dose of paracetamol?").doseRequest()).isTrue();
		assertThat(assess("Can I take two more tablets tonight?").doseRequest()).isTrue();
		assertThat(assess("How much water should I drink with a cold?").doseRequest()).isFalse();
		assertThat(assess("How many days should I rest my ankle?").doseRequest()).isFalse();
	}

	@Test
	void self_harm_decides_the_emergency_reply_over_other_red_flags() {
		TriageAssessment assessment = assess("he took an overdose because he wants to die");

		assertThat(rules(assessment)).contains("red-flag:self-harm", "red-flag:poisoning-or-overdose");
		assertThat(assessment.emergencyAdvice()).isEqualTo(EmergencyAdvice.SELF_HARM);
	}

}
