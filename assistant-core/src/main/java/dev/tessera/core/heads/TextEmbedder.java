package dev.tessera.core.heads;

import java.util.List;

import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * The frozen encoder a head reads its features from. A head remembers the embedder's name and refuses to load against
 * a different one: its weights mean nothing in another embedding space.
 */
public interface TextEmbedder {

	/** Identifies the embedding space, e.g. {@code all-minilm-l6-v2-q}. */
	String name();

	/** One vector per text, in order. */
	List<float[]> embed(List<String> texts);

	static TextEmbedder of(SentenceEncoder encoder) {
		return new TextEmbedder() {
			@Override
			public String name() {
				return encoder.name();
			}

			@Override
			public List<float[]> embed(List<String> texts) {
				return encoder.embed(texts);
			}
		};
	}

}
