package dev.tessera.bench.heads;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import dev.tessera.core.heads.HeadPrediction;

/**
 * How well scores of a head's predictions separate out-of-scope test messages from in-scope ones: the calibrated
 * probability of the predicted label, and the cosine similarity of the message to its nearest training examples in the
 * encoder's space (which needs no out-of-scope training rows). For each score: the OOS AUROC, and the OOS recall,
 * in-scope accuracy and overall accuracy at a threshold chosen on the training data alone (the similarity of each
 * training example to its nearest other training example: the threshold rejects the stated share of them).
 */
final class OutOfScopeScores {

	private final float[][] train;

	private final List<String> gold;

	private final List<HeadPrediction> predictions;

	private final String outOfScope;

	private final float[][] test;

	/**
	 * @param train unit-length embeddings of the in-scope training examples
	 * @param test unit-length embeddings of the test messages
	 */
	OutOfScopeScores(float[][] train, float[][] test, List<String> gold, List<HeadPrediction> predictions,
			String outOfScope) {
		this.train = train;
		this.test = test;
		this.gold = gold;
		this.predictions = predictions;
		this.outOfScope = outOfScope;
	}

	/** The mean of the k highest cosine similarities of a vector to the training vectors, skipping one index. */
	static double nearest(float[] query, float[][] train, int k, int skip) {
		double[] best = new double[k];
		Arrays.fill(best, -2);
		for (int i = 0; i < train.length; i++) {
			if (i == skip) {
				continue;
			}
			double dot = 0;
			float[] row = train[i];
			for (int d = 0; d < row.length; d++) {
				dot += query[d] * row[d];
			}
			if (dot > best[k - 1]) {
				int j = k - 1;
				while (j > 0 && best[j - 1] < dot) {
					best[j] = best[j - 1];
					j--;
				}
				best[j] = dot;
			}
		}
		return Arrays.stream(best).average().orElse(0);
	}

	/** The report: one row per score. */
	List<Map<String, Object>> measure(double inScopeRejection, int sampleForThreshold, StringBuilder md) {
		int n = this.test.length;
		double[] probability = new double[n];
		double[] nearest1 = new double[n];
		double[] nearest5 = new double[n];
		for (int i = 0; i < n; i++) {
			probability[i] = this.predictions.get(i).confidence();
			nearest1[i] = nearest(this.test[i], this.train, 1, -1);
			nearest5[i] = nearest(this.test[i], this.train, 5, -1);
		}
		// thresholds from the training data: leave-one-out similarities of a sample of training examples
		int step = Math.max(1, this.train.length / sampleForThreshold);
		List<Double> loo1 = new ArrayList<>();
		List<Double> loo5 = new ArrayList<>();
		for (int i = 0; i < this.train.length; i += step) {
			loo1.add(nearest(this.train[i], this.train, 1, i));
			loo5.add(nearest(this.train[i], this.train, 5, i));
		}
		List<Map<String, Object>> rows = new ArrayList<>();
		md.append("| score | OOS AUROC | threshold (from training data) | OOS recall | in-scope accuracy (rejected = wrong)"
				+ " | overall accuracy |\n|---|---:|---:|---:|---:|---:|\n");
		rows.add(row("calibrated probability of the predicted label (the head's own threshold)", probability,
				Double.NaN, md));
		rows.add(row("similarity to the nearest training example", nearest1, quantile(loo1, inScopeRejection), md));
		rows.add(row("mean similarity to the 5 nearest training examples", nearest5, quantile(loo5, inScopeRejection),
				md));
		return rows;
	}

	private Map<String, Object> row(String name, double[] score, double threshold, StringBuilder md) {
		List<Double> in = new ArrayList<>();
		List<Double> out = new ArrayList<>();
		for (int i = 0; i < score.length; i++) {
			(this.gold.get(i).equals(this.outOfScope) ? out : in).add(score[i]);
		}
		double auroc = auroc(out, in);
		int oos = 0;
		int oosCaught = 0;
		int inScope = 0;
		int inScopeRight = 0;
		for (int i = 0; i < score.length; i++) {
			HeadPrediction prediction = this.predictions.get(i);
			boolean rejected = Double.isNaN(threshold) ? prediction.outOfScope()
					: prediction.outOfScope() || score[i] < threshold;
			if (this.gold.get(i).equals(this.outOfScope)) {
				oos++;
				oosCaught += rejected ? 1 : 0;
			}
			else {
				inScope++;
				inScopeRight += !rejected && prediction.label().equals(this.gold.get(i)) ? 1 : 0;
			}
		}
		double recall = oos == 0 ? Double.NaN : (double) oosCaught / oos;
		double inScopeAccuracy = (double) inScopeRight / inScope;
		double overall = (double) (oosCaught + inScopeRight) / score.length;
		md.append(String.format(Locale.ROOT, "| %s | %.3f | %s | %.3f | %.3f | %.3f |%n", name, auroc,
				Double.isNaN(threshold) ? "the head's" : String.format(Locale.ROOT, "%.3f", threshold), recall,
				inScopeAccuracy, overall));
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("score", name);
		row.put("auroc", ClassifyCommand.round(auroc, 4));
		row.put("threshold", Double.isNaN(threshold) ? null : ClassifyCommand.round(threshold, 4));
		row.put("outOfScopeRecall", ClassifyCommand.round(recall, 4));
		row.put("inScopeAccuracy", ClassifyCommand.round(inScopeAccuracy, 4));
		row.put("overallAccuracy", ClassifyCommand.round(overall, 4));
		return row;
	}

	/** P(score of an in-scope message > score of an out-of-scope one), ties half. */
	static double auroc(List<Double> outOfScope, List<Double> inScope) {
		if (outOfScope.isEmpty() || inScope.isEmpty()) {
			return Double.NaN;
		}
		double[] sortedIn = inScope.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		double sum = 0;
		for (double o : outOfScope) {
			int below = lowerBound(sortedIn, o);
			int atOrBelow = upperBound(sortedIn, o);
			sum += (sortedIn.length - atOrBelow) + 0.5 * (atOrBelow - below);
		}
		return sum / outOfScope.size() / sortedIn.length;
	}

	private static int lowerBound(double[] sorted, double value) {
		int lo = 0;
		int hi = sorted.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (sorted[mid] < value) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	private static int upperBound(double[] sorted, double value) {
		int lo = 0;
		int hi = sorted.length;
		while (lo < hi) {
			int mid = (lo + hi) >>> 1;
			if (sorted[mid] <= value) {
				lo = mid + 1;
			}
			else {
				hi = mid;
			}
		}
		return lo;
	}

	static double quantile(List<Double> values, double q) {
		double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
		return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
	}

	/** Unit-length copies, so that a dot product is the cosine similarity. */
	static float[][] normalised(List<float[]> vectors) {
		float[][] result = new float[vectors.size()][];
		for (int i = 0; i < vectors.size(); i++) {
			float[] v = vectors.get(i);
			double norm = 0;
			for (float x : v) {
				norm += x * x;
			}
			float scale = (float) (1 / Math.sqrt(Math.max(norm, 1e-12)));
			float[] u = new float[v.length];
			for (int d = 0; d < v.length; d++) {
				u[d] = v[d] * scale;
			}
			result[i] = u;
		}
		return result;
	}

	static ToDoubleFunction<HeadPrediction> confidence() {
		return HeadPrediction::confidence;
	}

}
