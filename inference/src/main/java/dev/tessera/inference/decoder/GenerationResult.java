package dev.tessera.inference.decoder;

/**
 * @param tokens the generated token ids (stop token excluded)
 * @param text the generated text (cut before a stop sequence)
 * @param promptTokens number of prompt tokens
 * @param finishReason why generation ended
 * @param prefillNanos time of the prompt's forward pass
 * @param decodeNanos time of the token-by-token passes
 * @param meanLogProbability mean natural-log probability the model gave each token it chose (the stop token
 * included), from its raw logits before sampling settings; {@code NaN} when nothing was chosen
 */
public record GenerationResult(long[] tokens, String text, int promptTokens, FinishReason finishReason,
		long prefillNanos, long decodeNanos, double meanLogProbability) {

	/**
	 * How sure the model was of its text: the geometric mean of its chosen tokens' probabilities, in (0, 1]; a
	 * model that hesitated between continuations scores low. {@code NaN} when nothing was chosen.
	 */
	public double confidence() {
		return Math.exp(this.meanLogProbability);
	}

	public int completionTokens() {
		return this.tokens.length;
	}

	/** Generated tokens per second of decoding, the first token (from the prefill) excluded. */
	public double decodeTokensPerSecond() {
		return this.tokens.length <= 1 || this.decodeNanos == 0 ? 0
				: (this.tokens.length - 1) / (this.decodeNanos / 1e9);
	}

	public double prefillTokensPerSecond() {
		return this.prefillNanos == 0 ? 0 : this.promptTokens / (this.prefillNanos / 1e9);
	}

	public enum FinishReason {

		/** A stop token or stop sequence was produced. */
		STOP,
		/** maxNewTokens reached. */
		LENGTH,
		/** The caller cancelled. */
		CANCELLED

	}

}
