package dev.tessera.inference.imports;

/**
 * The shape of a llama-architecture decoder.
 *
 * @param dim hidden size
 * @param hiddenDim feed-forward inner size
 * @param layers number of transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param vocabSize vocabulary size
 * @param maxSeqLen the context length the model was trained for
 * @param rmsEps RMSNorm epsilon
 * @param ropeTheta RoPE base frequency
 * @param sharedClassifier whether the output projection is the token embedding (tied weights)
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int maxSeqLen,
		float rmsEps, float ropeTheta, boolean sharedClassifier) {

	public LlamaConfig {
		if (dim <= 0 || hiddenDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocabSize <= 0) {
			throw new IllegalArgumentException("all sizes must be positive: " + this);
		}
		if (dim % heads != 0) {
			throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
		}
		if (heads % kvHeads != 0) {
			throw new IllegalArgumentException("heads " + heads + " is not a multiple of kvHeads " + kvHeads);
		}
		if ((dim / heads) % 2 != 0) {
			throw new IllegalArgumentException("head size " + dim / heads + " must be even for rotary embeddings");
		}
	}

	public int headSize() {
		return this.dim / this.heads;
	}

	public int kvDim() {
		return this.kvHeads * headSize();
	}

	/** Number of weights, for sizing reports and bandwidth bounds. */
	public long parameterCount() {
		long perLayer = 2L * this.dim + (long) this.dim * this.dim * 2 + 2L * this.dim * kvDim()
				+ 3L * this.dim * this.hiddenDim;
		long embeddings = (long) this.vocabSize * this.dim * (this.sharedClassifier ? 1 : 2);
		return perLayer * this.layers + embeddings + this.dim;
	}

}
