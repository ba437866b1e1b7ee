package dev.tessera.inference.encoder;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The vectors one unit of work (a chat turn) has computed, handed explicitly to every stage that embeds: the rails,
 * the task head and the retrieval query embed the same message, and each encoder pass costs milliseconds, so each
 * distinct text is embedded once per embedding space. Created per turn and dropped with it: nothing is kept between
 * turns or shared between users. Not thread-safe: one turn runs on one thread.
 */
public final class EmbeddingMemo {

	private final Map<String, float[]> vectors = new HashMap<>();

	/** The vectors of these texts in the embedder's space, computing only those not seen yet in this memo. */
	public List<float[]> embed(TextEmbedder embedder, List<String> texts) {
		String space = embedder.name() + "\u0000";
		List<String> missing = texts.stream()
			.filter(text -> !this.vectors.containsKey(space + text))
			.distinct()
			.toList();
		if (!missing.isEmpty()) {
			List<float[]> computed = embedder.embed(missing);
			for (int i = 0; i < missing.size(); i++) {
				this.vectors.put(space + missing.get(i), computed.get(i));
			}
		}
		// copies: a caller that normalises or edits its vector must not change another stage's
		return texts.stream().map(text -> this.vectors.get(space + text).clone()).toList();
	}

	/** How many vectors the memo holds. */
	public int size() {
		return this.vectors.size();
	}

}
