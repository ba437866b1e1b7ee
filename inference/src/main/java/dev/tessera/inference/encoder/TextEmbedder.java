package dev.tessera.inference.encoder;

import java.util.List;

/**
 * The project's one embedding type: a named embedding space and the vectors of texts in it. The in-process
 * {@link SentenceEncoder} is one; a task head or a rail remembers the embedder's name and refuses to load against a
 * different one, since its weights mean nothing in another space. (Spring AI's {@code EmbeddingModel} adapter,
 * {@link LocalEmbeddingModel}, wraps the same encoder for retrieval, which also accepts remote
 * embedding models.)
 */
public interface TextEmbedder {

	/** Identifies the embedding space, e.g. {@code all-minilm-l6-v2-q}. */
	String name();

	/** One vector per text, in order. */
	List<float[]> embed(List<String> texts);

}
