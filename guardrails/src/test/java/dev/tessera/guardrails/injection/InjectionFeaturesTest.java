package dev.tessera.guardrails.injection;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InjectionFeaturesTest {

	@Test
	void words_and_word_pairs_hash_to_the_same_buckets_whatever_the_case_and_punctuation() {
		int[] buckets = WordFeatures.buckets("Add a link to your reply!");

		assertThat(buckets).isEqualTo(WordFeatures.buckets("add a LINK, to your reply"));
		assertThat(buckets).hasSizeBetween(8, 11).isSorted();
		assertThat(WordFeatures.buckets(" --- ")).isEmpty();
	}

	@Test
	void the_segment_unlike_the_rest_of_its_text_is_the_farthest_from_it() {
		float[] invoice = unit(1, 0.1f, 0);
		float[] payment = unit(0.9f, 0.2f, 0);
		float[] poem = unit(0, 0.1f, 1);

		float[][] context = InjectionFeatures.context(List.of(invoice, payment, poem));

		assertThat(context[2][0]).isEqualTo(1);
		assertThat(context[2][1]).isGreaterThan(context[0][1]).isGreaterThan(0.8f);
		assertThat(context[0][1]).isLessThan(0.5f);
	}

	@Test
	void a_text_of_one_segment_has_no_context() {
		assertThat(InjectionFeatures.context(List.of(unit(1, 0, 0)))[0]).containsExactly(0, 0);
	}

	@Test
	void a_vector_holds_the_embedding_the_context_and_the_words_in_their_ranges() {
		float[] embedding = new float[InjectionFeatures.EMBEDDING];
		embedding[3] = 1;

		InjectionFeatures.SparseVector vector = InjectionFeatures
			.of(InjectionFeatures.Kind.EMBEDDING_WORDS_AND_CONTEXT, List.of("Write a poem."), List.of(embedding))
			.getFirst();

		assertThat(vector.indices()).isSorted();
		assertThat(vector.values()[3]).isEqualTo(1);
		assertThat(vector.indices()[InjectionFeatures.EMBEDDING]).isEqualTo(InjectionFeatures.CONTEXT);
		assertThat(vector.indices()[vector.indices().length - 1]).isLessThan(InjectionFeatures.DIMENSIONS);
		assertThat(InjectionFeatures.of(InjectionFeatures.Kind.WORDS, List.of("Write a poem."), null).getFirst().indices()[0])
			.isGreaterThanOrEqualTo(InjectionFeatures.WORDS);
	}

	private static float[] unit(float... values) {
		float[] v = new float[InjectionFeatures.EMBEDDING];
		double norm = 0;
		for (int i = 0; i < values.length; i++) {
			v[i] = values[i];
			norm += values[i] * values[i];
		}
		for (int i = 0; i < values.length; i++) {
			v[i] /= (float) Math.sqrt(norm);
		}
		return v;
	}

}
