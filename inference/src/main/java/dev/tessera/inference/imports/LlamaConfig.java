package dev.tessera.inference.imports;

/**
 * The shape of a llama-family decoder, and how its architecture differs from llama.
 *
 * @param dim hidden size
 * @param hiddenDim feed-forward inner size
 * @param layers number of transformer blocks
 * @param heads query heads
 * @param kvHeads key/value heads (fewer than {@code heads} for grouped-query attention)
 * @param vocabSize vocabulary size
 * @param maxSeqLen the context length the model was trained for
 * @param rmsEps the norms' epsilon (RMSNorm, or LayerNorm for architectures that use it)
 * @param ropeTheta RoPE base frequency
 * @param sharedClassifier whether the output projection is the token embedding (tied weights)
 * @param headSize dimensions of one attention head (usually dim / heads; Gemma 2 2B's heads are wider)
 * @param architecture how the model differs from llama
 */
public record LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int maxSeqLen,
		float rmsEps, float ropeTheta, boolean sharedClassifier, int headSize, Architecture architecture) {

	public LlamaConfig {
		if (dim <= 0 || hiddenDim <= 0 || layers <= 0 || heads <= 0 || kvHeads <= 0 || vocabSize <= 0
				|| headSize <= 0) {
			throw new IllegalArgumentException("all sizes must be positive: " + dim + ", " + hiddenDim + ", " + layers
					+ ", " + heads + ", " + kvHeads + ", " + vocabSize + ", " + headSize);
		}
		if (heads % kvHeads != 0) {
			throw new IllegalArgumentException("heads " + heads + " is not a multiple of kvHeads " + kvHeads);
		}
		int rotating = architecture.rotaryDimensions(headSize);
		if (rotating % 2 != 0 || rotating > headSize) {
			throw new IllegalArgumentException(
					"rotary dimensions " + rotating + " must be even and at most the head size " + headSize);
		}
	}

	/** A llama model: heads of dim / heads. */
	public LlamaConfig(int dim, int hiddenDim, int layers, int heads, int kvHeads, int vocabSize, int maxSeqLen,
			float rmsEps, float ropeTheta, boolean sharedClassifier) {
		this(dim, hiddenDim, layers, heads, kvHeads, vocabSize, maxSeqLen, rmsEps, ropeTheta, sharedClassifier,
				dimOverHeads(dim, heads), Architecture.LLAMA);
	}

	private static int dimOverHeads(int dim, int heads) {
		if (heads <= 0 || dim % heads != 0) {
			throw new IllegalArgumentException("dim " + dim + " is not a multiple of heads " + heads);
		}
		return dim / heads;
	}

	/** Rows of the query projection: heads × head size. */
	public int qDim() {
		return this.heads * this.headSize;
	}

	public int kvDim() {
		return this.kvHeads * this.headSize;
	}

	/** Number of weights, for sizing reports and bandwidth bounds. */
	public long parameterCount() {
		long perLayer = 2L * this.dim + (long) this.dim * qDim() * 2 + 2L * this.dim * kvDim()
				+ 3L * this.dim * this.hiddenDim;
		long embeddings = (long) this.vocabSize * this.dim * (this.sharedClassifier ? 1 : 2);
		return perLayer * this.layers + embeddings + this.dim;
	}

}
