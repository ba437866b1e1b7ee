package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tessera.core.heads.HeadPrediction.LabelProbability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HeadEvaluationTest {

	private static HeadPrediction p(String label, double confidence, boolean outOfScope) {
		return new HeadPrediction(label, confidence, outOfScope, List.of(new LabelProbability(label, confidence)));
	}

	@Test
	void accuracy_and_macro_f1_match_a_hand_computed_case() {
		// gold a a b b ; decided a b b b -> a: tp1 fn1 (P 1, R .5, F1 .667); b: tp2 fp1 (P .667, R 1, F1 .8)
		List<String> gold = List.of("a", "a", "b", "b");
		List<HeadPrediction> predictions = List.of(p("a", 0.9, false), p("b", 0.6, false), p("b", 0.8, false),
				p("b", 0.7, false));
		HeadEvaluation e = HeadEvaluation.of(gold, predictions, null);
		assertThat(e.accuracy()).isEqualTo(0.75);
		assertThat(e.macroF1()).isCloseTo((2.0 / 3 + 0.8) / 2, within(1e-12));
		assertThat(e.outOfScopeRecall()).isNaN();
	}

	@Test
	void calibration_error_is_the_weighted_gap_between_confidence_and_accuracy_per_bin() {
		// bin (13/15, 14/15]: 0.9, 0.9 both right -> gap 0.1; bin (7/15, 8/15]: 0.5 wrong, 0.5 right -> gap 0
		List<String> gold = List.of("a", "a", "b", "b");
		List<HeadPrediction> predictions = List.of(p("a", 0.9, false), p("a", 0.9, false), p("a", 0.5, false),
				p("b", 0.5, false));
		assertThat(HeadEvaluation.of(gold, predictions, null).expectedCalibrationError()).isCloseTo(0.05,
				within(1e-12));
		// perfectly calibrated: confidence 1 and right
		assertThat(HeadEvaluation.of(List.of("a"), List.of(p("a", 1.0, false)), null).expectedCalibrationError())
			.isZero();
	}

	@Test
	void selective_curve_escalates_the_least_confident_first() {
		// 20 examples; the 2 least confident are wrong, the rest right: 90 % alone, 100 % with 10 % escalated
		List<String> gold = new ArrayList<>();
		List<HeadPrediction> predictions = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			gold.add("a");
			predictions.add(i < 2 ? p("b", 0.30 + i * 0.01, false) : p("a", 0.5 + i * 0.02, false));
		}
		HeadEvaluation e = HeadEvaluation.of(gold, predictions, null);
		assertThat(e.selective().overallAccuracy().get(0.0)).isEqualTo(0.9);
		assertThat(e.selective().overallAccuracy().get(0.05)).isEqualTo(0.95);
		assertThat(e.selective().overallAccuracy().get(0.1)).isEqualTo(1.0);
		assertThat(e.selective().escalationForAccuracy()).containsEntry(0.95, 0.05)
			.containsEntry(0.97, 0.1)
			.containsEntry(0.99, 0.1);
		// the errors come last in confidence order: risk is 0 until coverage 19/20 (1/19) and 20/20 (2/20)
		assertThat(e.selective().aurc()).isCloseTo((1.0 / 19 + 2.0 / 20) / 20, within(1e-12));
	}

	@Test
	void a_confident_error_costs_more_area_than_an_unconfident_one() {
		List<String> gold = List.of("a", "a", "a", "a");
		HeadEvaluation confidentError = HeadEvaluation.of(gold,
				List.of(p("b", 0.99, false), p("a", 0.6, false), p("a", 0.6, false), p("a", 0.6, false)), null);
		HeadEvaluation unconfidentError = HeadEvaluation.of(gold,
				List.of(p("b", 0.3, false), p("a", 0.6, false), p("a", 0.6, false), p("a", 0.6, false)), null);
		assertThat(confidentError.accuracy()).isEqualTo(unconfidentError.accuracy());
		assertThat(confidentError.selective().aurc()).isGreaterThan(unconfidentError.selective().aurc());
		assertThat(confidentError.selective().escalationForAccuracy().get(0.99)).isEqualTo(1.0);
		assertThat(unconfidentError.selective().escalationForAccuracy().get(0.99)).isEqualTo(0.25);
	}

	@Test
	void out_of_scope_decisions_count_when_the_data_has_an_out_of_scope_label() {
		List<String> gold = List.of("oos", "oos", "a", "b");
		List<HeadPrediction> predictions = List.of(p("a", 0.2, true), p("b", 0.9, false), p("a", 0.8, false),
				p("b", 0.3, true));
		HeadEvaluation e = HeadEvaluation.of(gold, predictions, "oos");
		assertThat(e.outOfScopeRecall()).isEqualTo(0.5);
		assertThat(e.accuracy()).isEqualTo(0.5); // right: the first (none of these) and the third
		// closed-set view of the same predictions: the top labels, out-of-scope examples ignored by ECE
		assertThat(HeadEvaluation.of(List.of("a", "b"), predictions.subList(2, 4), null).accuracy()).isEqualTo(1.0);
	}

}
