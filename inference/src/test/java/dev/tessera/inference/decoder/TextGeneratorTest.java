package dev.tessera.inference.decoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Generation behaviour on the real stories260K model: sampling, streaming, stops, cancellation, accounting.
 */
class TextGeneratorTest {

	@TempDir
	static Path work;

	static OnnxCausalLm model;

	static HuggingFaceTextTokenizer tokenizer;

	static TextGenerator generator;

	@BeforeAll
	static void load() throws Exception {
		Path stories = SharedFixtures.stories260K();
		new ModelImporter().importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), work,
				"stories260K");
		ModelDirectory directory = ModelDirectory.open(work);
		model = new OnnxCausalLm(directory.file("model"), 1);
		tokenizer = HuggingFaceTextTokenizer.fromFile(directory.file("tokenizer"));
		generator = new TextGenerator(model, tokenizer);
	}

	@AfterAll
	static void close() {
		if (model != null) {
			model.close();
			tokenizer.close();
		}
	}

	private static GenerationRequest request(String prompt, int tokens, SamplingOptions sampling, List<String> stops) {
		return new GenerationRequest(tokenizer.encode(prompt, true), tokens, sampling, Set.of(2L), stops);
	}

	@Test
	void streamed_deltas_add_up_to_the_text_and_tokens_are_counted() {
		StringBuilder streamed = new StringBuilder();
		List<Long> tokens = new ArrayList<>();
		GenerationResult result = generator.generate(request("Once upon a time", 40, SamplingOptions.GREEDY, List.of()),
				(token, delta) -> {
					tokens.add(token);
					streamed.append(delta);
					return true;
				});

		assertThat(streamed.toString()).isEqualTo(result.text());
		assertThat(tokens).hasSize(result.completionTokens());
		assertThat(result.promptTokens()).isEqualTo(tokenizer.encode("Once upon a time", true).length);
		assertThat(result.finishReason()).isEqualTo(GenerationResult.FinishReason.LENGTH);
		assertThat(result.decodeTokensPerSecond()).isPositive();
	}

	@Test
	void confidence_is_the_geometric_mean_probability_of_the_chosen_tokens() {
		GenerationRequest greedy = request("Once upon a time", 30, SamplingOptions.GREEDY, List.of());
		GenerationResult result = generator.generate(greedy, TokenListener.NONE);

		// replay the same tokens through the model and read each one's probability from its own softmax
		double sum = 0;
		int count = 0;
		try (OnnxCausalLm.KvCache cache = model.newCache()) {
			float[] logits = model.next(greedy.promptTokens(), cache);
			List<Long> chosen = new ArrayList<>();
			for (long token : result.tokens()) {
				chosen.add(token);
			}
			if (result.finishReason() == GenerationResult.FinishReason.STOP) {
				chosen.add(2L);
			}
			for (long token : chosen) {
				double denominator = 0;
				for (float logit : logits) {
					denominator += Math.exp(logit);
				}
				sum += Math.log(Math.exp(logits[(int) token]) / denominator);
				count++;
				logits = model.next(new long[] { token }, cache);
			}
		}
		assertThat(result.confidence()).isCloseTo(Math.exp(sum / count), org.assertj.core.data.Offset.offset(1e-6));
		assertThat(result.confidence()).isBetween(0.0, 1.0);

		// a model pushed off its preferred tokens is less sure of what it wrote
		GenerationResult hot = generator.generate(
				request("Once upon a time", 30, new SamplingOptions(3.0, 0, 1.0, 1.0, 7), List.of()), TokenListener.NONE);
		assertThat(hot.confidence()).isLessThan(result.confidence() * 0.5);
	}

	@Test
	void the_same_seed_samples_the_same_text_and_another_seed_does_not() {
		SamplingOptions sampling = new SamplingOptions(1.0, 0, 0.9, 1.0, 133742);
		String first = generator.generate(request("Once upon a time", 60, sampling, List.of()), TokenListener.NONE).text();
		String again = generator.generate(request("Once upon a time", 60, sampling, List.of()), TokenListener.NONE).text();
		String other = generator
			.generate(request("Once upon a time", 60, new SamplingOptions(1.0, 0, 0.9, 1.0, 7), List.of()),
					TokenListener.NONE)
			.text();

		assertThat(again).isEqualTo(first);
		assertThat(other).isNotEqualTo(first);
	}

	@Test
	void top_k_of_one_is_greedy() {
		String greedy = generator.generate(request("Lily", 30, SamplingOptions.GREEDY, List.of()), TokenListener.NONE)
			.text();
		String topOne = generator
			.generate(request("Lily", 30, new SamplingOptions(1.5, 1, 1.0, 1.0, 99), List.of()), TokenListener.NONE)
			.text();

		assertThat(topOne).isEqualTo(greedy);
	}

	@Test
	void a_repetition_penalty_changes_what_greedy_decoding_repeats() {
		String plain = generator.generate(request("Once upon a time", 120, SamplingOptions.GREEDY, List.of()),
				TokenListener.NONE)
			.text();
		String penalised = generator
			.generate(request("Once upon a time", 120, new SamplingOptions(0, 0, 1, 1.5, 0), List.of()),
					TokenListener.NONE)
			.text();

		assertThat(penalised).isNotEqualTo(plain);
	}

	@Test
	void a_stop_sequence_ends_generation_before_it() {
		GenerationResult result = generator.generate(request("Once upon a time", 200, SamplingOptions.GREEDY,
				List.of("Lily")), TokenListener.NONE);

		assertThat(result.finishReason()).isEqualTo(GenerationResult.FinishReason.STOP);
		assertThat(result.text()).doesNotContain("Lily").isNotBlank();
	}

	@Test
	void the_listener_can_cancel() {
		int[] seen = { 0 };
		GenerationResult result = generator.generate(request("Once upon a time", 200, SamplingOptions.GREEDY, List.of()),
				(token, delta) -> ++seen[0] < 5);

		assertThat(result.finishReason()).isEqualTo(GenerationResult.FinishReason.CANCELLED);
		assertThat(result.completionTokens()).isEqualTo(5);
	}

}
