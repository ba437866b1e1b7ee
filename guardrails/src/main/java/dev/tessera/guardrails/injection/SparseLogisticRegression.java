package dev.tessera.guardrails.injection;

import java.util.List;
import java.util.Locale;

import dev.tessera.guardrails.injection.InjectionFeatures.SparseVector;

/**
 * Binary logistic regression over {@link InjectionFeatures}' sparse vectors, with its decision threshold.
 * <p>
 * Hand-written like the earlier dense model: a deterministic trainer (zero start, full-batch gradient descent, fixed
 * steps) makes the shipped weights reproducible from the same examples and encoder.
 *
 * @param weights one per feature index (zero for features never seen in training)
 * @param bias the intercept
 * @param threshold probability at or above which the positive class is predicted
 */
public record SparseLogisticRegression(float[] weights, double bias, double threshold) {

	public SparseLogisticRegression {
		if (weights.length == 0) {
			throw new IllegalArgumentException("weights cannot be empty");
		}
		if (threshold <= 0 || threshold >= 1) {
			throw new IllegalArgumentException("threshold must be within (0, 1), got " + threshold);
		}
	}

	public double probability(SparseVector features) {
		double z = this.bias;
		int[] indices = features.indices();
		float[] values = features.values();
		for (int k = 0; k < indices.length; k++) {
			z += this.weights[indices[k]] * values[k];
		}
		return 1 / (1 + Math.exp(-z));
	}

	public SparseLogisticRegression withThreshold(double newThreshold) {
		return new SparseLogisticRegression(this.weights, this.bias, newThreshold);
	}

	/**
	 * The same ranking with the bias moved so that a probability of {@code operatingPoint} becomes {@code threshold}:
	 * an operating point chosen on held-out data is stored as the threshold callers already use.
	 */
	public SparseLogisticRegression calibrated(double operatingPoint, double newThreshold) {
		return new SparseLogisticRegression(this.weights, this.bias + logit(newThreshold) - logit(operatingPoint),
				newThreshold);
	}

	private static double logit(double p) {
		return Math.log(p / (1 - p));
	}

	/**
	 * Trains with L2 regularisation and class weights that balance positives and negatives.
	 *
	 * @param features one vector per example
	 * @param labels whether each example is positive
	 * @param dimensions size of the index space
	 * @param l2 regularisation strength
	 * @param steps gradient-descent steps over the whole set
	 * @param learningRate step size
	 * @param threshold the decision threshold stored with the weights
	 */
	public static SparseLogisticRegression train(List<SparseVector> features, List<Boolean> labels, int dimensions,
			double l2, int steps, double learningRate, double threshold) {
		if (features.isEmpty() || features.size() != labels.size()) {
			throw new IllegalArgumentException("need as many labels as feature vectors, and at least one");
		}
		int n = features.size();
		long positives = labels.stream().filter(Boolean::booleanValue).count();
		if (positives == 0 || positives == n) {
			throw new IllegalArgumentException("training needs positive and negative examples");
		}
		double positiveWeight = n / (2.0 * positives);
		double negativeWeight = n / (2.0 * (n - positives));
		SparseVector[] x = features.toArray(SparseVector[]::new);
		boolean[] y = new boolean[n];
		for (int k = 0; k < n; k++) {
			y[k] = labels.get(k);
		}
		double[] w = new double[dimensions];
		double[] gradient = new double[dimensions];
		double b = 0;
		for (int step = 0; step < steps; step++) {
			java.util.Arrays.fill(gradient, 0);
			double gradientBias = 0;
			for (int k = 0; k < n; k++) {
				int[] indices = x[k].indices();
				float[] values = x[k].values();
				double z = b;
				for (int i = 0; i < indices.length; i++) {
					z += w[indices[i]] * values[i];
				}
				double p = 1 / (1 + Math.exp(-z));
				double error = (p - (y[k] ? 1 : 0)) * (y[k] ? positiveWeight : negativeWeight);
				for (int i = 0; i < indices.length; i++) {
					gradient[indices[i]] += error * values[i];
				}
				gradientBias += error;
			}
			for (int i = 0; i < dimensions; i++) {
				w[i] -= learningRate * (gradient[i] / n + l2 * w[i]);
			}
			b -= learningRate * gradientBias / n;
		}
		float[] weights = new float[dimensions];
		for (int i = 0; i < dimensions; i++) {
			weights[i] = (float) w[i];
		}
		return new SparseLogisticRegression(weights, b, threshold);
	}

	/** Lines of the text form under a prefix: threshold, bias, then "index weight" for each non-zero weight. */
	void write(String prefix, List<String> lines) {
		lines.add(prefix + " threshold " + String.format(Locale.ROOT, "%.6f", this.threshold));
		lines.add(prefix + " bias " + this.bias);
		for (int i = 0; i < this.weights.length; i++) {
			if (this.weights[i] != 0) {
				lines.add(prefix + " " + i + " " + this.weights[i]);
			}
		}
	}

}
