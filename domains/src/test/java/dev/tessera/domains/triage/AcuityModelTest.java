package dev.tessera.domains.triage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.domains.triage.AcuityModel.OperatingPoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AcuityModelTest {

	private final OperatingPoint point = new OperatingPoint(0.2, 0.5, 0.6, 0.8);

	@Test
	void thresholds_pick_the_highest_level_whose_probability_reaches_them() {
		assertThat(this.point.decide(new double[] { 0.25, 0.9, 0.95 }).level()).isEqualTo(UrgencyLevel.EMERGENCY);
		assertThat(this.point.decide(new double[] { 0.05, 0.55, 0.95 }).level()).isEqualTo(UrgencyLevel.URGENT);
		assertThat(this.point.decide(new double[] { 0.05, 0.1, 0.7 }).level()).isEqualTo(UrgencyLevel.ROUTINE);
		assertThat(this.point.decide(new double[] { 0.01, 0.1, 0.3 }).level()).isEqualTo(UrgencyLevel.SELF_CARE);
	}

	@Test
	void a_case_in_the_band_below_the_next_threshold_goes_up_one_level() {
		AcuityModel.Decision close = this.point.decide(new double[] { 0.05, 0.45, 0.95 });
		assertThat(close.unraised()).isEqualTo(UrgencyLevel.ROUTINE);
		assertThat(close.level()).isEqualTo(UrgencyLevel.URGENT);
		assertThat(close.uncertain()).isTrue();

		AcuityModel.Decision far = this.point.decide(new double[] { 0.05, 0.3, 0.95 });
		assertThat(far.level()).isEqualTo(UrgencyLevel.ROUTINE);
		assertThat(far.uncertain()).isFalse();
	}

	@Test
	void without_a_worrying_finding_the_emergency_boundary_is_not_crossed() {
		double[] p = { 0.9, 0.95, 0.99 };
		assertThat(this.point.decide(p, true).level()).isEqualTo(UrgencyLevel.EMERGENCY);
		assertThat(this.point.decide(p, false).level()).isEqualTo(UrgencyLevel.URGENT);
		assertThat(this.point.decide(new double[] { 0.9, 0.45, 0.99 }, false).level())
			.as("nor raised into by the band")
			.isEqualTo(UrgencyLevel.URGENT);
	}

	@Test
	void probabilities_are_monotone_over_the_boundaries() {
		AcuityModel model = new AcuityModel("t", AcuityModel.NO_ENCODER,
				List.of(new AcuityModel.Boundary(UrgencyLevel.EMERGENCY, 2, Map.of()),
						new AcuityModel.Boundary(UrgencyLevel.URGENT, -1, Map.of("x", 1.0)),
						new AcuityModel.Boundary(UrgencyLevel.ROUTINE, -3, Map.of())),
				this.point, null);

		double[] p = model.atLeast(Map.of("x", 1.0));
		assertThat(p[0]).isCloseTo(1 / (1 + Math.exp(-2)), org.assertj.core.data.Offset.offset(1e-9));
		assertThat(p[1]).isGreaterThanOrEqualTo(p[0]);
		assertThat(p[2]).isGreaterThanOrEqualTo(p[1]);
	}

	@Test
	void reads_a_model_file_and_names_a_bad_one() {
		String json = """
				{"version": "v1", "encoder": "none",
				 "boundaries": [{"atLeast": "emergency", "bias": -2, "weights": {"spo2:<92": 3}},
				                {"atLeast": "urgent", "bias": -1, "weights": {}},
				                {"atLeast": "routine", "bias": 1, "weights": {}}],
				 "operatingPoint": {"emergency": 0.3, "urgent": 0.5, "routine": 0.5, "band": 1.0}}
				""";
		AcuityModel model = AcuityModel.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t.json");
		assertThat(model.version()).isEqualTo("v1");
		assertThat(model.atLeast(Map.of("spo2:<92", 1.0))[0]).isCloseTo(1 / (1 + Math.exp(-1)),
				org.assertj.core.data.Offset.offset(1e-9));

		assertThatThrownBy(() -> AcuityModel.read(new ByteArrayInputStream("{\"version\":\"v\"}".getBytes()), "bad.json"))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("bad.json");
	}

	@Test
	void the_shipped_model_says_what_it_was_trained_on_and_reads_no_encoder() {
		AcuityModel model = AcuityModel.bundled();

		assertThat(model.encoder()).isEqualTo(AcuityModel.NO_ENCODER);
		assertThat(model.document().path("trainedOn").findValuesAsString("source")).containsExactly("esi", "ktas",
				"pack");
		assertThat(model.document().path("curve").size()).isPositive();
		double under = model.document().path("outOfFold").path("emergencyUnderTriage").asDouble();
		double bound = model.document().path("options").path("maxEmergencyUnderTriage").asDouble();
		assertThat(model.document().path("boundMet").asBoolean()).as("the file says whether its bound held")
			.isEqualTo(under <= bound);
		assertThat(model.boundaries().getFirst().weights()).containsKey("rule:red-flag:breathing");
	}

	@Test
	void a_model_trained_on_one_encoder_refuses_another() {
		AcuityModel trained = new AcuityModel("t", "all-minilm-l6-v2", AcuityModel.bundled().boundaries(), this.point,
				null);
		TextEmbedder other = new TextEmbedder() {
			@Override
			public String name() {
				return "all-minilm-l6-v2-q";
			}

			@Override
			public List<float[]> embed(List<String> texts) {
				return texts.stream().map(t -> new float[384]).toList();
			}
		};

		assertThatThrownBy(() -> new TriageAssessor(trained, other)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("trained on the encoder all-minilm-l6-v2, not all-minilm-l6-v2-q");
	}

}
