package dev.tessera.inference.imports;

/**
 * The weights of a llama-architecture decoder, one tensor at a time, so that a writer never needs the whole model in
 * memory. Matrices are row-major {@code [out, in]} (the llama2.c and GGUF convention); rotary embeddings act on
 * interleaved pairs of each head's dimensions.
 */
public interface LlamaWeights {

	LlamaConfig config();

	/** {@code [vocab, dim]} */
	float[] tokenEmbedding();

	/** {@code [dim]} */
	float[] attentionNorm(int layer);

	/** {@code [dim, dim]} */
	float[] wq(int layer);

	/** {@code [kvDim, dim]} */
	float[] wk(int layer);

	/** {@code [kvDim, dim]} */
	float[] wv(int layer);

	/** {@code [dim, dim]} */
	float[] wo(int layer);

	/** {@code [dim]} */
	float[] ffnNorm(int layer);

	/** Gate projection {@code [hiddenDim, dim]}. */
	float[] w1(int layer);

	/** Down projection {@code [dim, hiddenDim]}. */
	float[] w2(int layer);

	/** Up projection {@code [hiddenDim, dim]}. */
	float[] w3(int layer);

	/** {@code [dim]} */
	float[] finalNorm();

	/** {@code [vocab, dim]}; only called when the classifier is not shared with the embedding. */
	float[] classifier();

}
