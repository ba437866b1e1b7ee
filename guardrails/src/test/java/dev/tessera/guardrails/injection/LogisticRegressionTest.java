package dev.tessera.guardrails.injection;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogisticRegressionTest {

	@Test
	void learns_a_separable_problem_deterministically_and_survives_a_round_trip(@TempDir Path dir) throws Exception {
		List<float[]> x = List.of(new float[] { 1, 0 }, new float[] { 0.9f, 0.1f }, new float[] { 0, 1 },
				new float[] { 0.1f, 0.9f });
		List<Boolean> y = List.of(true, true, false, false);

		LogisticRegression model = LogisticRegression.train(x, y, 1e-4, 500, 2.0, 0.5);
		LogisticRegression again = LogisticRegression.train(x, y, 1e-4, 500, 2.0, 0.5);

		assertThat(model.probability(new float[] { 1, 0 })).isGreaterThan(0.8);
		assertThat(model.probability(new float[] { 0, 1 })).isLessThan(0.2);
		assertThat(again.weights()).containsExactly(model.weights());
		Path file = dir.resolve("lr.txt");
		model.write(file);
		LogisticRegression read = LogisticRegression.read(new ByteArrayInputStream(Files.readAllBytes(file)));
		assertThat(read.probability(new float[] { 0.7f, 0.2f })).isCloseTo(model.probability(new float[] { 0.7f, 0.2f }),
				org.assertj.core.data.Offset.offset(1e-6));
	}

	@Test
	void refuses_one_class_training_sets_and_wrong_feature_counts() {
		assertThatThrownBy(() -> LogisticRegression.train(List.of(new float[] { 1 }), List.of(true), 0, 1, 1, 0.5))
			.hasMessageContaining("positive and negative");
		LogisticRegression model = new LogisticRegression(new float[] { 1, 2 }, 0, 0.5);
		assertThatThrownBy(() -> model.probability(new float[] { 1 })).hasMessageContaining("expected 2 features");
	}

}
