package dev.tessera.inference.imports;

/**
 * The weights of a llama-family decoder, one tensor at a time, so that a writer never needs the whole model in
 * memory. Matrices are row-major {@code [out, in]} (the llama2.c and GGUF convention); rotary embeddings act on
 * interleaved pairs of each head's dimensions.
 */
public interface LlamaWeights {

	LlamaConfig config();

	/** {@code [vocab, dim]} */
	float[] tokenEmbedding();

	/** {@code [dim]} */
	float[] attentionNorm(int layer);

	/** {@code [qDim, dim]} (qDim = heads × head size, usually dim) */
	float[] wq(int layer);

	/** {@code [kvDim, dim]} */
	float[] wk(int layer);

	/** {@code [kvDim, dim]} */
	float[] wv(int layer);

	/** {@code [dim, qDim]} */
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

	/** The projections, by name, for writers that treat them alike. */
	enum Projection {

		Q, K, V, O, GATE, UP, DOWN, CLASSIFIER,

		/** The token embedding table {@code [vocab, dim]}, gathered by row (layer ignored). */
		EMBEDDING

	}

	/** A projection's weights as float32, row-major {@code [out, in]}. */
	default float[] floats(Projection projection, int layer) {
		return switch (projection) {
			case Q -> wq(layer);
			case K -> wk(layer);
			case V -> wv(layer);
			case O -> wo(layer);
			case GATE -> w1(layer);
			case UP -> w3(layer);
			case DOWN -> w2(layer);
			case CLASSIFIER -> config().sharedClassifier() ? tokenEmbedding() : classifier();
			case EMBEDDING -> tokenEmbedding();
		};
	}

	/**
	 * A projection as its source stores it in blocks (a quantized GGUF file), for {@link WeightFormat#FILE}; empty
	 * when the source holds floats.
	 */
	default java.util.Optional<BlockMatrix> blocks(Projection projection, int layer) {
		return java.util.Optional.empty();
	}

	/** A projection's bias {@code [out]} (Qwen2 and StableLM have them on query, key and value), or null. */
	default float[] bias(Projection projection, int layer) {
		return null;
	}

	/** The attention norm's bias {@code [dim]} (LayerNorm architectures), or null. */
	default float[] attentionNormBias(int layer) {
		return null;
	}

	/** The feed-forward norm's bias {@code [dim]}, or null. */
	default float[] ffnNormBias(int layer) {
		return null;
	}

	/** The final norm's bias {@code [dim]}, or null. */
	default float[] finalNormBias() {
		return null;
	}

	/** Gemma 2's norm of the attention output before the residual add {@code [dim]}, or null. */
	default float[] postAttentionNorm(int layer) {
		return null;
	}

	/** Gemma 2's norm of the feed-forward output before the residual add {@code [dim]}, or null. */
	default float[] postFfnNorm(int layer) {
		return null;
	}

	/**
	 * What the rotary cosines and sines are multiplied by (LongRoPE and YaRN files' {@code rope.scaling.attn_factor},
	 * as llama.cpp applies it); 1 for plain RoPE.
	 */
	default float ropeAttentionFactor() {
		return 1f;
	}

	/**
	 * Per-pair divisors of the rotary frequencies ({@code head_size / 2} of them), as Llama 3.1+ files carry them
	 * ({@code rope_freqs.weight}), or {@code null} for plain RoPE.
	 */
	default float[] ropeFrequencyFactors() {
		return null;
	}

}
