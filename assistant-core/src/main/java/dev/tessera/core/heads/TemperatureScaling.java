package dev.tessera.core.heads;

/**
 * Temperature scaling (Guo et al., 2017): one scalar T that divides the logits before the softmax, fitted by
 * minimising the negative log-likelihood on held-out examples. It changes confidences, never the ranking of labels.
 * Written here because it is a one-dimensional convex fit that no Java library offers on its own.
 */
final class TemperatureScaling {

	// T is kept in [0.25, 10]: when every held-out example is right, the likelihood keeps rising as T falls to 0 and
	// would make every answer certain
	static final double MIN_INVERSE = 0.1;

	static final double MAX_INVERSE = 4;

	private TemperatureScaling() {
	}

	/**
	 * The temperature minimising the mean NLL of the gold labels. The NLL is convex in 1/T, so a golden-section
	 * search over 1/T in [0.1, 4] (log-spaced) finds its minimum.
	 * @param logits one row per example
	 * @param gold index of each example's true label
	 */
	public static double fit(double[][] logits, int[] gold) {
		if (logits.length == 0 || logits.length != gold.length) {
			throw new IllegalArgumentException("need one gold label per row, and at least one row");
		}
		double phi = (Math.sqrt(5) - 1) / 2;
		double lo = Math.log(MIN_INVERSE);
		double hi = Math.log(MAX_INVERSE);
		double a = hi - phi * (hi - lo);
		double b = lo + phi * (hi - lo);
		double fa = nll(logits, gold, Math.exp(a));
		double fb = nll(logits, gold, Math.exp(b));
		for (int i = 0; i < 80; i++) {
			if (fa < fb) {
				hi = b;
				b = a;
				fb = fa;
				a = hi - phi * (hi - lo);
				fa = nll(logits, gold, Math.exp(a));
			}
			else {
				lo = a;
				a = b;
				fa = fb;
				b = lo + phi * (hi - lo);
				fb = nll(logits, gold, Math.exp(b));
			}
		}
		return 1 / Math.exp((lo + hi) / 2);
	}

	/** Mean negative log-likelihood of the gold labels with logits multiplied by {@code inverse} (1/T). */
	static double nll(double[][] logits, int[] gold, double inverse) {
		double total = 0;
		for (int i = 0; i < logits.length; i++) {
			double[] row = logits[i];
			double max = Double.NEGATIVE_INFINITY;
			for (double value : row) {
				max = Math.max(max, value * inverse);
			}
			double sum = 0;
			for (double value : row) {
				sum += Math.exp(value * inverse - max);
			}
			total += max + Math.log(sum) - row[gold[i]] * inverse;
		}
		return total / logits.length;
	}

	/** Softmax of {@code logits / temperature}. */
	public static double[] probabilities(double[] logits, double temperature) {
		double max = Double.NEGATIVE_INFINITY;
		for (double value : logits) {
			max = Math.max(max, value / temperature);
		}
		double[] p = new double[logits.length];
		double sum = 0;
		for (int k = 0; k < p.length; k++) {
			p[k] = Math.exp(logits[k] / temperature - max);
			sum += p[k];
		}
		for (int k = 0; k < p.length; k++) {
			p[k] /= sum;
		}
		return p;
	}

}
