package dev.tessera.inference.encoder;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddingScopeTest {

	private static SentenceEncoder encoder() {
		return SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("scope", 1, 4, Duration.ofSeconds(10)));
	}

	@Test
	void within_a_scope_a_text_is_embedded_once_and_each_caller_gets_its_own_copy() {
		SentenceEncoder encoder = encoder();
		float[] outside = encoder.embed(List.of("Where is my parcel?")).getFirst();

		List<float[]> seen = EmbeddingScope.run(() -> {
			float[] first = encoder.embed(List.of("Where is my parcel?", "Where is my parcel?")).getFirst();
			first[0] = 42; // a caller scribbling on its vector must not change what the next caller gets
			// the encoder is closed: only the scope's memo can answer now
			encoder.close();
			return encoder.embed(List.of("Where is my parcel?"));
		});

		assertThat(seen.getFirst()).containsExactly(outside);
	}

	@Test
	void nothing_is_remembered_after_the_scope_and_nested_scopes_share_the_outer_one() {
		try (SentenceEncoder encoder = encoder()) {
			EmbeddingScope.run(() -> {
				encoder.embed(List.of("Where is my parcel?"));
				return EmbeddingScope.run(() -> {
					assertThat(EmbeddingScope.current()).hasSize(1);
					return null;
				});
			});

			assertThat(EmbeddingScope.current()).isNull();
		}
	}

}
