package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class OperatingThresholdTest {

	/** n decisions with confidences evenly from 1 down, the first {@code right} of each ten right. */
	private static ConfidenceCurve curve(int n, double[] weights, boolean... rightPattern) {
		double[] confidence = new double[n];
		boolean[] correct = new boolean[n];
		for (int i = 0; i < n; i++) {
			confidence[i] = 1.0 - (double) i / n;
			correct[i] = rightPattern[i % rightPattern.length];
		}
		return new ConfidenceCurve(confidence, correct, new boolean[n], weights, false);
	}

	@Test
	void keeps_the_most_confident_answers_while_the_lower_bound_of_their_accuracy_reaches_the_target() {
		// the 600 most confident are all right, the rest right one time in two
		double[] confidence = new double[1000];
		boolean[] correct = new boolean[1000];
		for (int i = 0; i < 1000; i++) {
			confidence[i] = 1.0 - i / 1000.0;
			correct[i] = i < 600 || i % 2 == 0;
		}
		OperatingThreshold point = OperatingThreshold.fit(new ConfidenceCurve(confidence, correct, new boolean[1000], null, false), 0.97);

		assertThat(point.localAccuracy()).isGreaterThanOrEqualTo(0.97);
		// all right down to 600, then 1 wrong in 2: the point estimate would allow about 640, the bound fewer
		assertThat(point.escalationRate()).isBetween(0.36, 0.40);
		assertThat(point.threshold()).isCloseTo(1.0 - (1000 * (1 - point.escalationRate()) - 1) / 1000.0, within(1e-9));
	}

	@Test
	void a_head_that_never_reaches_the_target_escalates_everything() {
		OperatingThreshold point = OperatingThreshold.fit(curve(500, null, true, false), 0.97);

		assertThat(point.threshold()).isGreaterThan(1.0);
		assertThat(point.escalationRate()).isEqualTo(1.0);
		assertThat(point.answersLocally(new HeadPrediction("a", 1.0, false, List.of()))).isFalse();
	}

	@Test
	void few_examples_give_a_wider_margin_than_many_with_the_same_accuracy() {
		boolean[] pattern = new boolean[100];
		Arrays.fill(pattern, true);
		pattern[0] = false; // 99 % right everywhere
		OperatingThreshold many = OperatingThreshold.fit(curve(5000, null, pattern), 0.97);
		OperatingThreshold few = OperatingThreshold.fit(curve(100, null, pattern), 0.97);

		assertThat(many.escalationRate()).isEqualTo(0.0);
		assertThat(few.threshold()).as("99 of 100 right is not evidence of 97 %%").isGreaterThan(1.0);
	}

	@Test
	void weights_make_a_sample_of_the_hard_cases_stand_for_the_traffic() {
		// traffic: 900 easy messages (all right, confidence 0.99) and 100 hard ones (half right, confidence 0.6);
		// reviewed: every hard one held back one time in five (weight 5) and one easy one in ten (weight 10)
		List<Double> confidence = new ArrayList<>();
		List<Boolean> correct = new ArrayList<>();
		List<Double> weight = new ArrayList<>();
		for (int i = 0; i < 90; i++) {
			confidence.add(0.99);
			correct.add(true);
			weight.add(10.0);
		}
		for (int i = 0; i < 20; i++) {
			confidence.add(0.6);
			correct.add(i % 2 == 0);
			weight.add(5.0);
		}
		ConfidenceCurve weighted = new ConfidenceCurve(confidence.stream().mapToDouble(Double::doubleValue).toArray(),
				toArray(correct), new boolean[110], weight.stream().mapToDouble(Double::doubleValue).toArray(), false);
		OperatingThreshold point = OperatingThreshold.fit(weighted, 0.95);

		assertThat(point.threshold()).isEqualTo(0.99);
		assertThat(point.escalationRate()).as("the hard tenth of the traffic, not the sample's share").isCloseTo(0.1,
				within(1e-9));
	}

	@Test
	void cross_fitted_decisions_ask_for_a_wider_margin() {
		boolean[] pattern = new boolean[100];
		Arrays.fill(pattern, true);
		pattern[0] = false;
		pattern[50] = false; // 98 % right
		double[] c = curve(800, null, pattern).confidence();
		boolean[] ok = curve(800, null, pattern).correct();
		OperatingThreshold split = OperatingThreshold.fit(new ConfidenceCurve(c, ok, new boolean[800], null, false), 0.97);
		OperatingThreshold crossFitted = OperatingThreshold.fit(new ConfidenceCurve(c, ok, new boolean[800], null, true), 0.97);

		assertThat(crossFitted.escalationRate()).isGreaterThan(split.escalationRate());
	}

	private static boolean[] toArray(List<Boolean> values) {
		boolean[] array = new boolean[values.size()];
		for (int i = 0; i < array.length; i++) {
			array[i] = values.get(i);
		}
		return array;
	}

}
