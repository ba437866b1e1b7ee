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
			"chief complaint of 'L side weakness'                                | red-flag:stroke-signs",
			"she has had right-sided numbness since this morning                 | red-flag:stroke-signs",
			"new hemiparesis noted by his wife                                   | red-flag:stroke-signs",
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
			"52-year-old, SpO2 91% on room air                                   | vital:spo2",
			"BP 86/50, feels weak since this morning                            | vital:systolic-bp",
			"BP 70/palp, found on the floor                                     | vital:systolic-bp",
			"GCS 14 after a fall                                                | vital:gcs",
			"a 40-year-old, HR 122, restless and shaking                        | vital:danger-zone-rates",
			"a 30-year-old, RR 24, HR 112, watery stools                        | vital:danger-zone-rates",
			"a 30-year-old, RR 21 and moaning                                   | vital:danger-zone-rates",
			"my 6-week-old baby has a temperature of 38.2                       | fever-under-3-months",
			"on chemotherapy and now a fever of 38.5                            | fever-immunosuppressed",
			"an 80-year-old man, mentally pain response, BP 130/80              | red-flag:altered-mental-status",
			"a 77-year-old with a chief complaint of 'mental change'            | red-flag:altered-mental-status" })
	void danger_zone_vital_signs_and_altered_mental_status_are_a_floor(String description, String rule) {
		TriageAssessment assessment = assess(description);

		assertThat(assessment.level()).isEqualTo(UrgencyLevel.EMERGENCY);
		assertThat(assessment.reasons().getFirst().rule()).isEqualTo(rule);
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"pain 7/10 in my back since yesterday                               | severe-pain",
			"a 40-year-old with a cough, HR 122                                 | vital:danger-zone-rates",
			"BP 188/124 and no complaints                                       | vital:severe-hypertension",
			"BP 188/124 and a headache                                          | vital:hypertensive-emergency" })
	void severe_pain_hypertension_and_one_fast_rate_are_weighed_by_the_model_not_a_floor(String description,
			String rule) {
		TriageReading reading = TriageReading.of(description);

		assertThat(reading.cues()).extracting(TriageReason::rule).contains(rule);
		assertThat(reading.floor()).isEmpty();
		assertThat(reading.features()).containsKey("rule:" + rule);
		assertThat(assess(description).reasons()).extracting(TriageReason::rule)
			.as("the level is the model's; on the development records these findings were emergencies in 10-25% of cases")
			.containsExactly("model:acuity".equals(assess(description).reasons().getFirst().rule()) ? "model:acuity"
					: "model:acuity-uncertain");
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"a 45-year-old, HR 128, RR 26, SpO2 93%, BP 98/60, T 39.4C       | a 45-year-old, HR 78, RR 14, SpO2 99%, BP 124/80, T 36.8C",
			"a 70-year-old, unresponsive to voice, pain 9/10                   | a 70-year-old, alert and talking normally, pain 2/10",
			"sudden crushing pressure across the chest and short of breath     | a sore throat and a runny nose",
			"vomiting blood and black stools since this morning                | a small graze on my knee",
			"weakness of the left arm and slurred speech since an hour ago     | I need a copy of my CT film" })
	void the_model_never_finds_a_worse_picture_less_urgent(String worse, String better) {
		double[] w = assess(worse).atLeast();
		double[] b = assess(better).atLeast();

		assertThat(w[0]).as("P(at least emergency)").isGreaterThan(b[0]);
		assertThat(w[1]).as("P(at least urgent)").isGreaterThan(b[1]);
		assertThat(assess(worse).level()).isGreaterThan(assess(better).level());
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
	void softer_findings_are_the_models_inputs_and_send_to_a_doctor(String description, String rule) {
		TriageAssessment assessment = assess(description);

		assertThat(TriageReading.of(description).features()).containsKey("rule:" + rule);
		assertThat(assessment.level()).as("each needs a doctor: never self-care or a routine appointment")
			.isGreaterThanOrEqualTo(UrgencyLevel.URGENT);
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
	void a_symptom_report_lists_the_facts_it_lacks_the_most_telling_first() {
		TriageAssessment bare = assess("I have a headache");
		assertThat(bare.symptomReport()).isTrue();
		assertThat(bare.missing()).containsExactlyInAnyOrder(MissingFact.AGE, MissingFact.DURATION, MissingFact.SEVERITY);
		assertThat(bare.needsFollowUp()).isTrue();

		// an operating point that puts this case in the band below urgent (the shipped point moves with each retraining)
		AcuityModel bundled = AcuityModel.bundled();
		TriageAssessor banded = new TriageAssessor(new AcuityModel("banded", bundled.encoder(), bundled.boundaries(),
				new AcuityModel.OperatingPoint(0.5, 0.99, 0.5, 0.3), null), null);
		TriageAssessment nearEmergency = banded.assess("my daughter has been vomiting");
		assertThat(nearEmergency.uncertain()).as("raised to urgent by the band").isTrue();
		assertThat(nearEmergency.level()).isEqualTo(UrgencyLevel.URGENT);
		assertThat(nearEmergency.missing()).as("close to an emergency, consciousness and breathing are asked about too")
			.contains(MissingFact.MENTAL_STATUS, MissingFact.BREATHING);
		assertThat(nearEmergency.missing().getFirst()).as("the most telling first").isEqualTo(MissingFact.MENTAL_STATUS);

		TriageAssessment partial = assess("I'm 34 and have had a headache since this morning");
		assertThat(partial.missing()).contains(MissingFact.SEVERITY).doesNotContain(MissingFact.AGE, MissingFact.DURATION);

		TriageAssessment complete = assess("I'm 34 and have had a mild headache since this morning, I'm alert and"
				+ " breathing normally");
		assertThat(complete.missing()).isEmpty();
		assertThat(complete.needsFollowUp()).isFalse();
		assertThat(complete.facts().ageYears()).hasValue(34.0);
		assertThat(complete.facts().durationWords()).isEqualTo("since this morning");
		assertThat(complete.facts().severityWords()).isEqualTo("mild");

		TriageAssessment child = assess("my 3 year old has had a temperature of 38.5 for two days");
		assertThat(child.missing()).as("a measured temperature says how bad").doesNotContain(MissingFact.SEVERITY);
		assertThat(child.facts().ageYears()).hasValue(3.0);
		assertThat(child.facts().durationDays()).hasValue(2.0);
	}

	@Test
	void without_a_finding_that_could_make_it_an_emergency_the_model_does_not_call_one() {
		TriageAssessment sparse = assess("I have a runny nose");
		assertThat(TriageReading.of("I have a runny nose").worrying()).isEmpty();
		assertThat(sparse.level()).isLessThan(UrgencyLevel.EMERGENCY);

		TriageAssessment worrying = assess("I have a runny nose and my heart rate is 135 and my oxygen saturation 88%");
		assertThat(worrying.level()).isEqualTo(UrgencyLevel.EMERGENCY);
	}

	@Test
	void the_models_reason_names_its_probabilities_thresholds_and_strongest_inputs() {
		TriageReason reason = assess("I think I broke my wrist").reasons()
			.stream()
			.filter(r -> r.rule().startsWith("model:"))
			.findFirst()
			.orElseThrow();

		assertThat(reason.evidence()).matches("P\\(>=emergency\\) \\d\\.\\d\\d \\(threshold \\d\\.\\d\\d\\), P\\(>=urgent\\).*");
		assertThat(reason.why()).contains(AcuityModel.bundled().version(), "strongest inputs");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "?!...", "HR 990 and dizzy", "SpO2 150%",
			"Ich habe seit gestern starke Kopfschmerzen und mir ist schwindelig",
			"我头疼了三天，而且发烧很厉害了" })
	void bad_input_gets_no_level(String description) {
		assertThat(assess(description).unreadable()).isPresent();
		assertThat(assess(description).emergency()).isFalse();
		assertThat(assess(description).needsFollowUp()).isFalse();
	}

	@Test
	void a_red_flag_wins_over_a_reading_that_cannot_be_right() {
		TriageAssessment assessment = assess("crushing chest pain and my heart rate is 990");

		assertThat(assessment.unreadable()).isEmpty();
		assertThat(assessment.emergency()).isTrue();
	}

	@Test
	void pages_of_text_are_not_assessed_and_a_few_paragraphs_are_read_quickly() {
		String sentence = "I have a mild headache since this morning. ";
		TriageAssessment pages = assess(sentence.repeat(2500)); // about 100 KB
		assertThat(pages.unreadable()).hasValueSatisfying(why -> assertThat(why).contains("longer than 4000"));
		assertThat(pages.emergency()).isFalse();

		String paragraphs = sentence.repeat(TriageAssessor.MAX_CHARACTERS / sentence.length());
		long started = System.nanoTime();
		TriageAssessment read = assess(paragraphs);
		assertThat(read.unreadable()).isEmpty();
		assertThat((System.nanoTime() - started) / 1e9).as("seconds").isLessThan(5);
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
