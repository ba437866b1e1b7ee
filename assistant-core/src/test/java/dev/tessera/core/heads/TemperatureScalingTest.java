package dev.tessera.core.heads;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class TemperatureScalingTest {

	@Test
	void recovers_the_temperature_that_generated_the_labels() {
		// labels drawn from softmax(z / 2): the maximum-likelihood temperature is close to 2
		Random random = new Random(7);
		int n = 20_000;
		double[][] logits = new double[n][5];
		int[] gold = new int[n];
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < 5; k++) {
				logits[i][k] = random.nextGaussian() * 3;
			}
			double[] p = TemperatureScaling.probabilities(logits[i], 2.0);
			double u = random.nextDouble();
			int k = 0;
			for (double cumulative = p[0]; u > cumulative && k < 4; cumulative += p[++k]) {
			}
			gold[i] = k;
		}
		assertThat(TemperatureScaling.fit(logits, gold)).isCloseTo(2.0, within(0.1));
	}

	@Test
	void fitted_temperature_lowers_the_negative_log_likelihood() {
		double[][] logits = { { 4, 0, 0 }, { 4, 0, 0 }, { 4, 0, 0 }, { 0, 4, 0 } };
		int[] gold = { 0, 1, 0, 1 }; // overconfident: one of the confident answers is wrong
		double t = TemperatureScaling.fit(logits, gold);
		assertThat(t).isGreaterThan(1);
		assertThat(TemperatureScaling.nll(logits, gold, 1 / t)).isLessThan(TemperatureScaling.nll(logits, gold, 1));
	}

	@Test
	void scaling_keeps_the_ranking_and_sums_to_one() {
		double[] logits = { 1.5, -0.5, 3.0, 0.0 };
		for (double t : new double[] { 0.3, 1, 4 }) {
			double[] p = TemperatureScaling.probabilities(logits, t);
			assertThat(p[0] + p[1] + p[2] + p[3]).isCloseTo(1, within(1e-12));
			assertThat(p[2]).isGreaterThan(p[0]);
			assertThat(p[0]).isGreaterThan(p[3]);
			assertThat(p[3]).isGreaterThan(p[1]);
		}
	}

	@Test
	void all_right_held_out_examples_do_not_make_the_head_certain() {
		double[][] logits = { { 2, 0 }, { 0, 2 } };
		assertThat(TemperatureScaling.fit(logits, new int[] { 0, 1 })).isCloseTo(0.25, within(1e-3));
	}

	@Test
	void rejects_mismatched_input() {
		assertThatIllegalArgumentException().isThrownBy(() -> TemperatureScaling.fit(new double[1][2], new int[2]));
	}

}
