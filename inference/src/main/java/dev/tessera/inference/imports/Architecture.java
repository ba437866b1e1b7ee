package dev.tessera.inference.imports;

/**
 * How a decoder of the llama family differs from llama itself: the traits the graph writers and the reference
 * forward pass follow. The weights say the rest (biases, LayerNorm biases and Gemma 2's post-norms are there or not).
 *
 * @param name the GGUF {@code general.architecture}
 * @param rotary which dimensions of a head rotate together
 * @param rotaryDimensions how many of a head's dimensions rotate (the rest pass through), 0 for all
 * @param norm RMSNorm, or LayerNorm with a bias
 * @param activation the gate's activation in the gated feed-forward block
 * @param embeddingScale the token embeddings are multiplied by it (Gemma: √hidden), 1 for none
 * @param attentionSoftCap attention scores become {@code cap·tanh(score/cap)} (Gemma 2), 0 for none
 * @param finalSoftCap the same on the logits, 0 for none
 * @param slidingWindow how many positions a query sees (itself included) on sliding-window layers, 0 for none
 * @param slidingLayers which layers slide
 * @param queryScale what attention scores are multiplied by, 0 for 1/√(head size)
 */
public record Architecture(String name, RotaryLayout rotary, int rotaryDimensions, Norm norm, Activation activation,
		float embeddingScale, float attentionSoftCap, float finalSoftCap, int slidingWindow,
		SlidingLayers slidingLayers, float queryScale) {

	/** Llama as llama2.c and llama.cpp's converter write it. */
	public static final Architecture LLAMA = new Architecture("llama", RotaryLayout.INTERLEAVED, 0, Norm.RMS,
			Activation.SILU, 1f, 0f, 0f, 0, SlidingLayers.NONE, 0f);

	/** Pairs rotated by RoPE within a head. */
	public enum RotaryLayout {

		/** Dimensions (2i, 2i+1): llama2.c and GGUF llama files (whose query and key rows are permuted to it). */
		INTERLEAVED,

		/** Dimensions (i, i + d/2) of the rotating part: GPT-NeoX style, Qwen2, Phi-3, Gemma 2, StableLM. */
		HALVES

	}

	public enum Norm {

		RMS, LAYER

	}

	public enum Activation {

		SILU,

		/** GELU with the tanh approximation (GeGLU), as ggml computes it. */
		GELU_TANH

	}

	public enum SlidingLayers {

		NONE, ALL,

		/** Layers 0, 2, 4, …: Gemma 2 alternates sliding and global attention. */
		EVEN

	}

	/** Whether layer l attends through the sliding window. */
	public boolean slides(int layer) {
		return this.slidingWindow > 0 && (this.slidingLayers == SlidingLayers.ALL
				|| (this.slidingLayers == SlidingLayers.EVEN && layer % 2 == 0));
	}

	/** The attention scores' scale for heads of the given size. */
	public double attentionScale(int headSize) {
		return this.queryScale > 0 ? this.queryScale : 1.0 / Math.sqrt(headSize);
	}

	/** The rotating dimensions of a head of the given size. */
	public int rotaryDimensions(int headSize) {
		return this.rotaryDimensions == 0 ? headSize : this.rotaryDimensions;
	}

}
