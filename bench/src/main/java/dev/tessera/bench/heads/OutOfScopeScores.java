package dev.tessera.bench.heads;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.NeighbourIndex;

/**
 * How well a head tells out-of-scope test messages from in-scope ones, three ways: by the calibrated probability of the
 * predicted label (the head's own threshold), by the cosine similarity of the message to its nearest in-scope training
 * example in the encoder's space (which needs no out-of-scope training rows; threshold: the similarity below which
 * the stated share of training examples, each judged against the others, falls), and as the head decides (both, the
 * neighbour gate only with enough examples per label). Each with the OOS AUROC of its score, and the OOS recall,
 * in-scope accuracy and overall accuracy at its threshold; every threshold comes from the training data.
 */
final class OutOfScopeScores {

	private final NeighbourIndex train;

	private final List<String> gold;

	private final List<HeadPrediction> predictions;

	private final String outOfScope;

	private final List<float[]> test;

	/**
	 * @param train the in-scope training examples
	 * @param test embeddings of the test messages
	 */
	OutOfScopeScores(NeighbourIndex train, List<float[]> test, List<String> gold, List<HeadPrediction> predictions,
			String outOfScope) {
		this.train = train;
		this.test = test;
		this.gold = gold;
		this.predictions = predictions;
		this.outOfScope = outOfScope;
	}

	/** The report: one row per way of deciding. */
	List<Map<String, Object>> measure(double inScopeRejection, int sampleForThreshold, double probabilityThreshold,
			StringBuilder md) {
		int n = this.predictions.size();
		double[] probability = new double[n];
		double[] nearest = new double[n];
		for (int i = 0; i < n; i++) {
			probability[i] = this.predictions.get(i).confidence();
			nearest[i] = this.train.nearest(this.test.get(i));
		}
		double nearestThreshold = this.train.rejectionThreshold(inScopeRejection, sampleForThreshold);
		List<Map<String, Object>> rows = new ArrayList<>();
		md.append("| decision | OOS AUROC of its score | threshold | OOS recall | in-scope accuracy (rejected = wrong)"
				+ " | overall accuracy |\n|---|---:|---:|---:|---:|---:|\n");
		boolean[] byProbability = new boolean[n];
		boolean[] byNearest = new boolean[n];
		boolean[] byHead = new boolean[n];
		for (int i = 0; i < n; i++) {
			HeadPrediction p = this.predictions.get(i);
			boolean oosClassWins = p.ranking().get(0).label().equals(this.outOfScope);
			byProbability[i] = oosClassWins || p.confidence() < probabilityThreshold;
			byNearest[i] = oosClassWins || nearest[i] < nearestThreshold;
			byHead[i] = p.outOfScope();
		}
		rows.add(row("calibrated probability of the predicted label", probability, probabilityThreshold, byProbability,
				md));
		rows.add(row("similarity to the nearest in-scope training example", nearest, nearestThreshold, byNearest, md));
		rows.add(row("the head as trained (probability threshold, and the neighbour gate with enough examples)", null,
				Double.NaN, byHead, md));
		return rows;
	}

	private Map<String, Object> row(String name, double[] score, double threshold, boolean[] rejected,
			StringBuilder md) {
		double auroc = Double.NaN;
		if (score != null) {
			List<Double> in = new ArrayList<>();
			List<Double> out = new ArrayList<>();
			for (int i = 0; i < score.length; i++) {
				(this.gold.get(i).equals(this.outOfScope) ? out : in).add(score[i]);
			}
			auroc = auroc(out, in);
		}
		int oos = 0;
		int oosCaught = 0;
		int inScope = 0;
		int inScopeRight = 0;
		for (int i = 0; i < rejected.length; i++) {
			HeadPrediction prediction = this.predictions.get(i);
			if (this.gold.get(i).equals(this.outOfScope)) {
				oos++;
				oosCaught += rejected[i] ? 1 : 0;
			}
			else {
				inScope++;
				inScopeRight += !rejected[i] && prediction.label().equals(this.gold.get(i)) ? 1 : 0;
			}
		}
		double recall = oos == 0 ? Double.NaN : (double) oosCaught / oos;
		double inScopeAccuracy = (double) inScopeRight / inScope;
		double overall = (double) (oosCaught + inScopeRight) / rejected.length;
		md.append(String.format(Locale.ROOT, "| %s | %s | %s | %.3f | %.3f | %.3f |%n", name,
				Double.isNaN(auroc) ? "—" : String.format(Locale.ROOT, "%.3f", auroc),
				Double.isNaN(threshold) ? "—" : String.format(Locale.ROOT, "%.3f", threshold), recall,
				inScopeAccuracy, overall));
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("decision", name);
		row.put("auroc", Double.isNaN(auroc) ? null : ClassifyCommand.round(auroc, 4));
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


}
