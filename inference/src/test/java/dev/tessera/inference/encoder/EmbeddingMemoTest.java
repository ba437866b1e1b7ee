package dev.tessera.inference.encoder;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingMemoTest {

	private static SentenceEncoder encoder;

	@BeforeAll
	static void load() {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1,
				new dev.tessera.inference.runtime.ConcurrencyGate("memo", 2, 8, java.time.Duration.ofSeconds(10)));
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	/** The real encoder, counting the texts it is asked to embed. */
	private static final class Counting implements TextEmbedder {

		final List<String> asked = new ArrayList<>();

		@Override
		public String name() {
			return encoder.name();
		}

		@Override
		public List<float[]> embed(List<String> texts) {
			this.asked.addAll(texts);
			return encoder.embed(texts);
		}

	}

	@Test
	void each_distinct_text_is_embedded_once_per_memo_and_callers_get_copies() {
		Counting counting = new Counting();
		EmbeddingMemo memo = new EmbeddingMemo();

		List<float[]> first = memo.embed(counting, List.of("Where is my parcel?", "Where is my parcel?"));
		List<float[]> second = memo.embed(counting, List.of("Where is my parcel?", "Can I return it?"));

		assertThat(counting.asked).containsExactly("Where is my parcel?", "Can I return it?");
		assertThat(second.getFirst()).containsExactly(first.getFirst());
		first.getFirst()[0] = 42;
		assertThat(memo.embed(counting, List.of("Where is my parcel?")).getFirst()[0]).isNotEqualTo(42);
		assertThat(new EmbeddingMemo().embed(counting, List.of("Where is my parcel?"))).hasSize(1);
		assertThat(counting.asked).as("a new memo (a new turn) starts empty").hasSize(3);
	}

}
