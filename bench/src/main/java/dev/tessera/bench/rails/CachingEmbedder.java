package dev.tessera.bench.rails;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * The sentence encoder behind a memo: an evaluation that inserts the same attack into many documents embeds each
 * distinct sentence once. Embeddings are deterministic, so the scores are the ones the rail computes live.
 */
final class CachingEmbedder implements Function<List<String>, List<float[]>> {

	private final SentenceEncoder encoder;

	private final Map<String, float[]> cache = new HashMap<>();

	CachingEmbedder(SentenceEncoder encoder) {
		this.encoder = encoder;
	}

	@Override
	public List<float[]> apply(List<String> texts) {
		List<String> missing = texts.stream().filter(text -> !this.cache.containsKey(text)).distinct().toList();
		if (!missing.isEmpty()) {
			List<float[]> vectors = this.encoder.embed(missing);
			for (int i = 0; i < missing.size(); i++) {
				this.cache.put(missing.get(i), vectors.get(i));
			}
		}
		List<float[]> result = new ArrayList<>(texts.size());
		texts.forEach(text -> result.add(this.cache.get(text)));
		return result;
	}

}
