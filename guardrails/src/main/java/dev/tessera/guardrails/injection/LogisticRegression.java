package dev.tessera.guardrails.injection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Binary logistic regression over dense features, with its decision threshold.
 * <p>
 * Hand-written: 384 weights trained by full-batch gradient descent are forty lines, and a deterministic trainer
 * (zero start, fixed steps) makes the shipped weights reproducible from the same examples and encoder.
 *
 * @param weights one per feature
 * @param bias the intercept
 * @param threshold probability at or above which the positive class is predicted
 */
public record LogisticRegression(float[] weights, double bias, double threshold) {

	public LogisticRegression {
		if (weights.length == 0) {
			throw new IllegalArgumentException("weights cannot be empty");
		}
		if (threshold <= 0 || threshold >= 1) {
			throw new IllegalArgumentException("threshold must be within (0, 1), got " + threshold);
		}
	}

	public double probability(float[] features) {
		if (features.length != this.weights.length) {
			throw new IllegalArgumentException(
					"expected " + this.weights.length + " features, got " + features.length);
		}
		double z = this.bias;
		for (int i = 0; i < features.length; i++) {
			z += this.weights[i] * features[i];
		}
		return 1 / (1 + Math.exp(-z));
	}

	public LogisticRegression withThreshold(double newThreshold) {
		return new LogisticRegression(this.weights, this.bias, newThreshold);
	}

	/**
	 * Trains with L2 regularisation and class weights that balance positives and negatives.
	 *
	 * @param features one vector per example
	 * @param labels whether each example is positive
	 * @param l2 regularisation strength
	 * @param steps gradient-descent steps over the whole set
	 * @param learningRate step size
	 */
	public static LogisticRegression train(List<float[]> features, List<Boolean> labels, double l2, int steps,
			double learningRate, double threshold) {
		if (features.isEmpty() || features.size() != labels.size()) {
			throw new IllegalArgumentException("need as many labels as feature vectors, and at least one");
		}
		int n = features.size();
		int d = features.getFirst().length;
		long positives = labels.stream().filter(Boolean::booleanValue).count();
		if (positives == 0 || positives == n) {
			throw new IllegalArgumentException("training needs positive and negative examples");
		}
		double positiveWeight = n / (2.0 * positives);
		double negativeWeight = n / (2.0 * (n - positives));
		double[] w = new double[d];
		double b = 0;
		for (int step = 0; step < steps; step++) {
			double[] gradient = new double[d];
			double gradientBias = 0;
			for (int k = 0; k < n; k++) {
				float[] x = features.get(k);
				double z = b;
				for (int i = 0; i < d; i++) {
					z += w[i] * x[i];
				}
				double p = 1 / (1 + Math.exp(-z));
				boolean positive = labels.get(k);
				double error = (p - (positive ? 1 : 0)) * (positive ? positiveWeight : negativeWeight);
				for (int i = 0; i < d; i++) {
					gradient[i] += error * x[i];
				}
				gradientBias += error;
			}
			for (int i = 0; i < d; i++) {
				w[i] -= learningRate * (gradient[i] / n + l2 * w[i]);
			}
			b -= learningRate * gradientBias / n;
		}
		float[] weights = new float[d];
		for (int i = 0; i < d; i++) {
			weights[i] = (float) w[i];
		}
		return new LogisticRegression(weights, b, threshold);
	}

	/** Text form: {@code threshold}, {@code bias}, then one weight per line. */
	public void write(Path file) {
		List<String> lines = new ArrayList<>();
		lines.add("# logistic regression: threshold, bias, then one weight per feature");
		lines.add(String.format(Locale.ROOT, "%.6f", this.threshold));
		lines.add(Double.toString(this.bias));
		for (float weight : this.weights) {
			lines.add(Float.toString(weight));
		}
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.write(file, lines);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot write " + file, ex);
		}
	}

	public static LogisticRegression read(InputStream in) {
		try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
			List<String> values = reader.lines().filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
			if (values.size() < 3) {
				throw new IllegalArgumentException("a logistic-regression file needs a threshold, a bias and weights");
			}
			float[] weights = new float[values.size() - 2];
			for (int i = 2; i < values.size(); i++) {
				weights[i - 2] = Float.parseFloat(values.get(i));
			}
			return new LogisticRegression(weights, Double.parseDouble(values.get(1)), Double.parseDouble(values.get(0)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
