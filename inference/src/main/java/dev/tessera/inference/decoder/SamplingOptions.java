package dev.tessera.inference.decoder;

/**
 * How the next token is chosen from the logits.
 *
 * @param temperature 0 for greedy (argmax); otherwise logits are divided by it before sampling
 * @param topK keep only the k most likely tokens (0 = all)
 * @param topP keep the smallest set of most likely tokens whose probability reaches p (1 = all)
 * @param repetitionPenalty above 1 makes tokens already in the sequence less likely (1 = off)
 * @param seed random seed, for reproducible sampling
 */
public record SamplingOptions(double temperature, int topK, double topP, double repetitionPenalty, long seed) {

	public static final SamplingOptions GREEDY = new SamplingOptions(0, 0, 1, 1, 0);

	public SamplingOptions {
		if (temperature < 0) {
			throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
		}
		if (topK < 0) {
			throw new IllegalArgumentException("topK must be >= 0, got " + topK);
		}
		if (topP <= 0 || topP > 1) {
			throw new IllegalArgumentException("topP must be within (0, 1], got " + topP);
		}
		if (repetitionPenalty <= 0) {
			throw new IllegalArgumentException("repetitionPenalty must be > 0, got " + repetitionPenalty);
		}
	}

	public boolean greedy() {
		return this.temperature == 0;
	}

}
