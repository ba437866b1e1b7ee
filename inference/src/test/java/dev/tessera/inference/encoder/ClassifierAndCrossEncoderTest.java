package dev.tessera.inference.encoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.imports.TinyEncoderModels;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The APIs for models a user supplies from a directory, on small ONNX models written for the test.
 */
class ClassifierAndCrossEncoderTest {

	private static long[] tokenIds(String... words) {
		try (HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer
			.fromStream(ClassifierAndCrossEncoderTest.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json"))) {
			return java.util.Arrays.stream(words).mapToLong(w -> tokenizer.encode(w, false)[0]).toArray();
		}
	}

	private static ConcurrencyGate gate() {
		return new ConcurrencyGate("test", 1, 4, Duration.ofSeconds(5));
	}

	@Test
	void classifies_with_the_labels_of_config_json(@TempDir Path dir) throws Exception {
		TinyEncoderModels.write(dir, tokenIds("refund", "return"), 2);
		Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"1\": \"returns\", \"0\": \"other\"}}");

		try (SequenceClassifier classifier = SequenceClassifier.fromDirectory(dir, 128, 1, gate())) {
			List<float[]> probabilities = classifier.classify(List.of("I want a refund", "hello there, nice weather"));

			assertThat(classifier.labels()).containsExactly("other", "returns");
			assertThat(probabilities.get(0)[1]).isGreaterThan(0.8f);
			assertThat(probabilities.get(1)[0]).isGreaterThan(0.5f);
			for (float[] p : probabilities) {
				assertThat(p[0] + p[1]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
			}
			// padding in a batch changes nothing
			assertThat(classifier.classify(List.of("I want a refund")).get(0)[1])
				.isCloseTo(probabilities.get(0)[1], org.assertj.core.data.Offset.offset(1e-5f));
		}
	}

	@Test
	void refuses_a_model_whose_labels_do_not_match(@TempDir Path dir) throws Exception {
		TinyEncoderModels.write(dir, tokenIds("refund"), 2);
		Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"0\": \"a\", \"1\": \"b\", \"2\": \"c\"}}");

		try (SequenceClassifier classifier = SequenceClassifier.fromDirectory(dir, 128, 1, gate())) {
			assertThatThrownBy(() -> classifier.classify(List.of("x"))).hasMessageContaining("2 logits")
				.hasMessageContaining("3 labels");
		}
		Files.delete(dir.resolve("config.json"));
		assertThatThrownBy(() -> SequenceClassifier.fromDirectory(dir, 128, 1, gate()))
			.hasMessageContaining("config.json is missing");
	}

	@Test
	void a_cross_encoder_scores_the_passage_that_shares_the_marked_concept_higher(@TempDir Path dir) throws Exception {
		TinyEncoderModels.write(dir, tokenIds("delivery", "shipping"), 1);

		try (CrossEncoder crossEncoder = CrossEncoder.fromDirectory(dir, 128, 1, gate())) {
			float[] scores = crossEncoder.score("when will it arrive",
					List.of("standard delivery and shipping take 3 days", "our shop sells shoes"));

			assertThat(scores).hasSize(2);
			assertThat(scores[0]).isGreaterThan(scores[1]);
			assertThat(crossEncoder.score("q", List.of())).isEmpty();
		}
	}

}
