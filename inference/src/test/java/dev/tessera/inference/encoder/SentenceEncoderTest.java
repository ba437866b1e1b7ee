package dev.tessera.inference.encoder;

import java.time.Duration;
import java.util.List;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.embedding.EmbeddingResponse;

import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;

class SentenceEncoderTest {

	static SentenceEncoder full;

	static SentenceEncoder quantized;

	@BeforeAll
	static void load() {
		full = SentenceEncoder.allMiniLmL6V2(false, 1, new ConcurrencyGate("full", 2, 8, Duration.ofSeconds(10)));
		quantized = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("q", 2, 8, Duration.ofSeconds(10)));
	}

	@AfterAll
	static void close() {
		full.close();
		quantized.close();
	}

	private static double cosine(float[] a, float[] b) {
		double dot = 0;
		double na = 0;
		double nb = 0;
		for (int i = 0; i < a.length; i++) {
			dot += a[i] * b[i];
			na += a[i] * a[i];
			nb += b[i] * b[i];
		}
		return dot / Math.sqrt(na * nb);
	}

	@Test
	void gives_unit_vectors_of_384_dimensions() {
		assertThat(full.dimensions()).isEqualTo(384);
		float[] vector = full.embed(List.of("Where is my parcel?")).getFirst();
		double norm = 0;
		for (float v : vector) {
			norm += v * v;
		}
		assertThat(Math.sqrt(norm)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
	}

	@Test
	void matches_the_langchain4j_reference_implementation_of_the_same_model() {
		AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
		for (String text : List.of("How long does standard delivery take?",
				"The museum is open from 10 am to 5 pm every day except Mondays.", "chest pain")) {
			float[] expected = reference.embed(text).content().vector();
			assertThat(cosine(full.embed(List.of(text)).getFirst(), expected)).as(text).isGreaterThan(0.9999);
		}
	}

	@Test
	void padding_in_a_batch_does_not_change_a_vector() {
		List<String> texts = List.of("short", "a much longer sentence about returns, refunds and delivery times",
				"medium length text here");
		List<float[]> batch = full.embed(texts);
		for (int i = 0; i < texts.size(); i++) {
			assertThat(cosine(batch.get(i), full.embed(List.of(texts.get(i))).getFirst())).isGreaterThan(0.99999);
		}
	}

	@Test
	void concurrent_callers_share_passes_only_where_it_changes_no_vector() throws Exception {
		List<String> texts = List.of("Where is my parcel?", "I want a refund for the broken kettle",
				"chest pain since this morning", "Is a liability cap of 12 months acceptable?",
				"How do I reset my password?", "a much longer sentence about returns, refunds and delivery times");
		for (SentenceEncoder encoder : List.of(full, quantized)) {
			List<float[]> alone = texts.stream().map(t -> encoder.embed(List.of(t)).getFirst()).toList();
			long[] before = encoder.batchStatistics();
			try (java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(6)) {
				List<java.util.concurrent.Future<float[]>> results = new java.util.ArrayList<>();
				for (int round = 0; round < 20; round++) {
					for (String text : texts) {
						results.add(callers.submit(() -> encoder.embed(List.of(text)).getFirst()));
					}
				}
				for (int i = 0; i < results.size(); i++) {
					assertThat(cosine(results.get(i).get(), alone.get(i % texts.size())))
						.as(encoder.name() + ": " + texts.get(i % texts.size()))
						.isGreaterThan(0.99999);
				}
			}
			long[] after = encoder.batchStatistics();
			assertThat(after[1] - before[1]).isEqualTo(120);
			// int8 activations are quantized per pass: its callers never share one
			assertThat(encoder.sharedPasses()).isEqualTo(encoder == full);
			if (encoder == quantized) {
				assertThat(after[0] - before[0]).isEqualTo(120);
			}
		}
	}

	@Test
	void an_int8_vector_moves_with_the_texts_sharing_its_pass_which_is_why_int8_callers_never_share_one() {
		String text = "Where is my parcel?";
		float[] alone = quantized.embed(List.of(text)).getFirst();
		// short texts share a model run whatever their lengths
		float[] inCompany = quantized.embed(List.of(text, "What is the warranty on kettles and toasters?")).getFirst();

		assertThat(cosine(alone, inCompany)).isLessThan(0.9999).isGreaterThan(0.97);
		assertThat(cosine(full.embed(List.of(text)).getFirst(), full.embed(List.of(text, "a much longer sentence"
				+ " about returns, refunds, delivery times, the warranty on kettles")).getFirst())).isGreaterThan(0.99999);
	}

	@Test
	void texts_of_very_different_lengths_run_apart_so_none_is_padded_to_the_longest() {
		String text = "Where is my parcel?";
		String longer = "a much longer sentence about returns, refunds, delivery times, the warranty on kettles and"
				+ " what happens when a parcel is lost in the post";
		assertThat(quantized.tokenLengths(List.of(longer))[0])
			.isGreaterThan(Math.max(16, 2 * quantized.tokenLengths(List.of(text))[0]));

		List<float[]> together = quantized.embed(List.of(text, longer));

		// the int8 model's vectors would move with a run's company (above): apart, each is its vector alone
		assertThat(together.get(0)).containsExactly(quantized.embed(List.of(text)).getFirst());
		assertThat(together.get(1)).containsExactly(quantized.embed(List.of(longer)).getFirst());
	}

	@Test
	void a_pass_is_cut_into_runs_of_similar_lengths() {
		int[] lengths = { 5, 9, 16, 17, 30, 34, 35, 70, 256 };
		List<Integer> ends = new java.util.ArrayList<>();
		for (int from = 0; from < lengths.length; from = SentenceEncoder.runEnd(lengths, from)) {
			ends.add(SentenceEncoder.runEnd(lengths, from));
		}
		// up to 16 tokens share a run; above that, at most twice the run's shortest
		assertThat(ends).containsExactly(3, 6, 8, 9);
	}

	@Test
	void cuts_long_texts_to_the_model_maximum() {
		String longText = "word ".repeat(2000);

		assertThat(full.tokenCount(List.of(longText))).isEqualTo(256);
		assertThat(full.embed(List.of(longText)).getFirst()).hasSize(384);
	}

	@Test
	void similar_sentences_are_closer_than_unrelated_ones() {
		List<float[]> v = full.embed(List.of("How do I send an item back?", "What is your return policy?",
				"The sun is shining in Madrid today."));

		assertThat(cosine(v.get(0), v.get(1))).isGreaterThan(cosine(v.get(0), v.get(2)) + 0.2);
	}

	@Test
	void the_int8_model_stays_close_to_the_full_one() {
		for (String text : List.of("How do I reset my password?", "Is a liability cap of 12 months acceptable?")) {
			assertThat(cosine(full.embed(List.of(text)).getFirst(), quantized.embed(List.of(text)).getFirst()))
				.isGreaterThan(0.95);
		}
	}

	@Test
	void is_a_spring_ai_embedding_model() {
		LocalEmbeddingModel model = new LocalEmbeddingModel(full);

		EmbeddingResponse response = model.embedForResponse(List.of("one", "two"));

		assertThat(model.dimensions()).isEqualTo(384);
		assertThat(response.getResults()).hasSize(2);
		assertThat(response.getResults().get(1).getIndex()).isEqualTo(1);
		assertThat(model.embed("one")).containsExactly(response.getResults().get(0).getOutput());
	}

}
