package dev.tessera.domains.triage;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed findings with their spans, on sentences written the way the two development data sets write them (an
 * emergency-department record rendered as text; a handbook vignette) and the way patients write in a chat.
 */
class ClinicalFindingsTest {

	private static ClinicalFindings read(String description) {
		return TriageReading.of(description).findings();
	}

	private static Map<String, String> values(ClinicalFindings findings) {
		return findings.all().stream().collect(Collectors.toMap(Finding::name, Finding::value, (a, b) -> a));
	}

	@Test
	void an_emergency_department_record() {
		ClinicalFindings findings = read("A 71-year-old woman arrives at the emergency department via private vehicle"
				+ " with a chief complaint of 'dyspnea'. She has temperature of 36.6\u00b0C, heart rate of 108.0 bpm,"
				+ " respiratory rate of 28.0 breaths/min, systolic blood pressure of 102.0 mmHg, diastolic blood"
				+ " pressure of 58.0 mmHg, and reports pain with a level of 3.0. He is mentally Alert.");

		assertThat(values(findings)).containsEntry("age", "71")
			.containsEntry("sex", "female")
			.containsEntry("arrival", "private-vehicle")
			.containsEntry("complaint", "dyspnea")
			.containsEntry("temperature", "36.6")
			.containsEntry("heart-rate", "108")
			.containsEntry("respiratory-rate", "28")
			.containsEntry("systolic-bp", "102")
			.containsEntry("diastolic-bp", "58")
			.containsEntry("pain", "3")
			.containsEntry("mental-status", "alert");
		String text = findings.normalized();
		assertThat(findings.get("heart-rate").orElseThrow().words(text)).isEqualTo("heart rate of 108");
		assertThat(findings.get("diastolic-bp").orElseThrow().words(text)).isEqualTo("diastolic blood pressure of 58");
		assertThat(findings.get("complaint").orElseThrow().words(text)).isEqualTo("dyspnea");
		assertThat(findings.get("pain").orElseThrow().words(text)).isEqualTo("pain with a level of 3.0");
		assertThat(findings.describe()).contains("heart-rate=108 \"heart rate of 108\"");
	}

	@Test
	void a_handbook_vignette() {
		ClinicalFindings findings = read("EMS arrives with a 67-year-old man who was found confused at home. He was"
				+ " struck by a car an hour ago. Vital signs: BP 88/50, HR 124, RR 30, SpO2 89% on room air, T 101.2\u02daF."
				+ " He responds only to pain. GCS 9. Pain 8/10.");

		assertThat(values(findings)).containsEntry("age", "67")
			.containsEntry("sex", "male")
			.containsEntry("arrival", "ambulance")
			.containsEntry("systolic-bp", "88")
			.containsEntry("diastolic-bp", "50")
			.containsEntry("heart-rate", "124")
			.containsEntry("respiratory-rate", "30")
			.containsEntry("spo2", "89")
			.containsEntry("temperature", "38.4")
			.containsEntry("gcs", "9")
			.containsEntry("pain", "8")
			.containsEntry("mental-status", "pain")
			.containsEntry("trauma", "struck by");
		assertThat(findings.get("temperature").orElseThrow().words(findings.normalized())).startsWith("t 101.2");
		assertThat(findings.all()).filteredOn(f -> f.name().equals("high-risk"))
			.extracting(Finding::value)
			.contains("altered-mental-status");
	}

	@Test
	void a_patient_in_a_chat() {
		ClinicalFindings findings = read("My mum is 82 and suddenly became drowsy and hard to wake this morning."
				+ " She is 8 weeks pregnant... no, sorry, that's my sister. Mum fell last week.");

		assertThat(values(findings)).containsEntry("age", "82")
			.containsEntry("sex", "female")
			.containsEntry("onset", "sudden")
			.containsEntry("mental-status", "verbal")
			.containsEntry("trauma", "fell");
	}

	@Test
	void negated_and_historical_findings_are_left_out() {
		ClinicalFindings findings = read("A 30-year-old woman, not pregnant, denies any injury. No confusion."
				+ " History of seizures as a child.");

		assertThat(findings.has("pregnancy")).isFalse();
		assertThat(findings.has("trauma")).isFalse();
		assertThat(findings.has("mental-status")).isFalse();
		assertThat(findings.all()).noneMatch(f -> f.value().equals("seizure"));
	}

	@Test
	void a_reading_no_one_can_have_is_not_a_finding_but_is_reported() {
		TriageReading reading = TriageReading.of("heart rate 990, temperature 52 C, SpO2 150%");

		assertThat(reading.findings().has("heart-rate")).isFalse();
		assertThat(reading.facts().vitals().implausible()).hasSize(3);
	}

	@Test
	void complaint_topics_join_lay_and_clinical_words() {
		assertThat(ComplaintTopics.find(ClinicalText.of("I'm short of breath"))).containsKey("breathing");
		assertThat(ComplaintTopics.find(ClinicalText.of("chief complaint of 'dyspnea'"))).containsKey("breathing");
		assertThat(ComplaintTopics.find(ClinicalText.of("his speech is slurred"))).containsKey("neuro-deficit");
		assertThat(ComplaintTopics.find(ClinicalText.of("'dysarthria'"))).containsKey("neuro-deficit");
		assertThat(ComplaintTopics.find(ClinicalText.of("black tarry stools"))).containsKey("gi-bleeding");
		assertThat(ComplaintTopics.find(ClinicalText.of("'melena'"))).containsKey("gi-bleeding");
		assertThat(ComplaintTopics.find(ClinicalText.of("no shortness of breath"))).doesNotContainKey("breathing");
	}

}
