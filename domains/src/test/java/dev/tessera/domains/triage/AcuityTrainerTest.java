package dev.tessera.domains.triage;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.tessera.domains.triage.AcuityTrainer.Case;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trainer's mechanics on cases written here; its figures on the real development data are bench triage-cv's.
 */
class AcuityTrainerTest {

	@Test
	void removes_the_after_the_visit_diagnosis() {
		assertThat(AcuityTrainer.withoutOutcome("A 50-year-old man with chest pain. He is mentally Alert. The patient is"
				+ " suspected to have Unstable angina.")).isEqualTo("A 50-year-old man with chest pain. He is mentally Alert.");
	}

	@Test
	void removes_findings_at_random_as_a_chat_would_leave_them_out() {
		String record = "A 64-year-old woman with a chief complaint of 'dyspnea'. She has heart rate of 118.0 bpm,"
				+ " respiratory rate of 26.0 breaths/min, systolic blood pressure of 96.0 mmHg, diastolic blood pressure"
				+ " of 60.0 mmHg. He is mentally Alert.";

		String all = AcuityTrainer.withFindingsRemoved(record, new Random(1), 1.0);
		ClinicalFindings left = TriageReading.of(all).findings();
		assertThat(left.has("heart-rate") || left.has("respiratory-rate") || left.has("systolic-bp")
				|| left.has("diastolic-bp") || left.has("mental-status") || left.has("age")).isFalse();
		assertThat(left.get("complaint")).map(Finding::value).hasValue("dyspnea");

		String none = AcuityTrainer.withFindingsRemoved(record, new Random(1), 0.0);
		assertThat(TriageReading.of(none).findings().all()).hasSameSizeAs(TriageReading.of(record).findings().all());
	}

	@Test
	void trains_boundaries_by_feature_name_and_an_operating_point_within_its_bound() {
		List<Case> cases = cases(new Random(5));
		AcuityTrainer.Trained trained = new AcuityTrainer(new AcuityTrainer.Options(0.5, 3, 0.1, 0.5, 3), null).train(cases,
				"test");

		AcuityModel model = trained.model();
		assertThat(model.boundaries()).extracting(AcuityModel.Boundary::atLeast)
			.containsExactly(UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT, UrgencyLevel.ROUTINE);
		assertThat(model.boundaries().getFirst().weights().get("spo2:<92")).as("low oxygen pushes towards emergency")
			.isPositive();
		@SuppressWarnings("unchecked")
		Map<String, Object> oof = (Map<String, Object>) trained.document().get("outOfFold");
		assertThat((Double) oof.get("emergencyUnderTriage")).isLessThanOrEqualTo(0.1);
		assertThat(trained.document()).containsKeys("trainedOn", "operatingPoint", "curve", "boundaries");

		// the written document reads back as the same model
		byte[] json = AcuityModel.JSON.writeValueAsBytes(trained.document());
		AcuityModel read = AcuityModel.read(new ByteArrayInputStream(json), "test");
		Map<String, Double> features = TriageReading.of("a 60-year-old with SpO2 88% and HR 130").features();
		assertThat(read.atLeast(features)).containsExactly(model.atLeast(features), org.assertj.core.data.Offset.offset(1e-4));
		assertThat(read.point()).isEqualTo(model.point());
	}

	/** Cases whose level follows their findings, the way a triage nurse's would. */
	private static List<Case> cases(Random random) {
		List<Case> cases = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			int age = 20 + random.nextInt(60);
			cases.add(new Case("t", "A " + age + "-year-old with shortness of breath, SpO2 " + (80 + random.nextInt(11))
					+ "%, HR " + (115 + random.nextInt(30)), UrgencyLevel.EMERGENCY));
			cases.add(new Case("t", "A " + age + "-year-old with abdominal pain 6/10 since this morning, SpO2 "
					+ (96 + random.nextInt(4)) + "%, HR " + (80 + random.nextInt(20)), UrgencyLevel.URGENT));
			cases.add(new Case("t", "A " + age + "-year-old with a sprained ankle, pain 3/10, SpO2 98%",
					UrgencyLevel.ROUTINE));
			cases.add(new Case("t", "A " + age + "-year-old wants a repeat prescription, no complaints",
					UrgencyLevel.SELF_CARE));
		}
		return cases;
	}

}
