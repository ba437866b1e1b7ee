package dev.tessera.inference.decoder;

import java.util.Arrays;
import java.util.Collection;
import java.util.SplittableRandom;

/**
 * Picks the next token: repetition penalty, then greedy argmax or temperature, top-k and top-p sampling. Not thread
 * safe: one sampler per generation.
 */
public final class TokenSampler {

	private final SamplingOptions options;

	private final SplittableRandom random;

	public TokenSampler(SamplingOptions options) {
		this.options = options;
		this.random = new SplittableRandom(options.seed());
	}

	/** @param logits modified in place by the penalty */
	public int sample(float[] logits, Collection<Long> previousTokens) {
		if (this.options.repetitionPenalty() != 1) {
			float penalty = (float) this.options.repetitionPenalty();
			// CTRL-style: shrink positive logits, grow negative ones, once per distinct token
			previousTokens.stream().distinct().forEach(token -> {
				int t = token.intValue();
				if (t >= 0 && t < logits.length) {
					logits[t] = logits[t] > 0 ? logits[t] / penalty : logits[t] * penalty;
				}
			});
		}
		if (this.options.greedy()) {
			return argmax(logits);
		}
		int n = logits.length;
		Integer[] order = new Integer[n];
		for (int i = 0; i < n; i++) {
			order[i] = i;
		}
		Arrays.sort(order, (a, b) -> Float.compare(logits[b], logits[a]));
		int keep = this.options.topK() > 0 ? Math.min(this.options.topK(), n) : n;
		double max = logits[order[0]];
		double[] probabilities = new double[keep];
		double sum = 0;
		for (int i = 0; i < keep; i++) {
			probabilities[i] = Math.exp((logits[order[i]] - max) / this.options.temperature());
			sum += probabilities[i];
		}
		double cumulative = 0;
		int cut = keep;
		for (int i = 0; i < keep; i++) {
			probabilities[i] /= sum;
			cumulative += probabilities[i];
			if (cumulative >= this.options.topP()) {
				cut = i + 1;
				break;
			}
		}
		double mass = 0;
		for (int i = 0; i < cut; i++) {
			mass += probabilities[i];
		}
		double r = this.random.nextDouble() * mass;
		for (int i = 0; i < cut; i++) {
			r -= probabilities[i];
			if (r <= 0) {
				return order[i];
			}
		}
		return order[cut - 1];
	}

	static int argmax(float[] logits) {
		int best = 0;
		for (int i = 1; i < logits.length; i++) {
			if (logits[i] > logits[best]) {
				best = i;
			}
		}
		return best;
	}

}
