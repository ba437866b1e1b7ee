package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How well a head did on labelled examples it was not trained on.
 *
 * @param examples examples evaluated
 * @param accuracy share of examples whose decision was right (a "none of these" decision is right for an
 * out-of-scope example and wrong for any other)
 * @param macroF1 F1 averaged over the labels present in the gold labels or the decisions
 * @param expectedCalibrationError ECE of the top label's confidence over the in-scope examples, 15 equal-width bins
 * @param outOfScopeRecall share of out-of-scope examples the head called "none of these"; NaN when there were none
 * @param selective the selective curve
 */
public record HeadEvaluation(int examples, double accuracy, double macroF1, double expectedCalibrationError,
		double outOfScopeRecall, Selective selective) {

	public static final int CALIBRATION_BINS = 15;

	/** Target overall accuracies for which the selective curve reports the escalation rate needed. */
	public static final List<Double> TARGETS = List.of(0.95, 0.97, 0.99);

	/**
	 * The selective curve: the least confident examples are escalated to an oracle (a large model or a person
	 * assumed always right), the rest are answered by the head.
	 *
	 * @param overallAccuracy overall accuracy at each escalation rate (0 %, 5 %, ..., 50 %)
	 * @param escalationForAccuracy the smallest escalation rate that reaches each target overall accuracy
	 * @param aurc area under the risk-coverage curve: the head's error rate among the most confident examples,
	 * averaged over every coverage from one example to all (lower is better)
	 */
	public record Selective(Map<Double, Double> overallAccuracy, Map<Double, Double> escalationForAccuracy,
			double aurc) {
	}

	/**
	 * Evaluates decisions against gold labels.
	 * @param gold the true labels; {@code outOfScopeLabel} marks out-of-scope examples
	 * @param predictions the head's predictions, in the same order
	 * @param outOfScopeLabel the gold label of out-of-scope examples, or null when the data has none; then the
	 * evaluation is closed-set: each prediction counts with its top label and the out-of-scope decision is left to the
	 * selective curve
	 */
	public static HeadEvaluation of(List<String> gold, List<HeadPrediction> predictions, String outOfScopeLabel) {
		if (gold.size() != predictions.size() || gold.isEmpty()) {
			throw new IllegalArgumentException(
					"need one prediction per gold label, and at least one; got " + gold.size() + " and " + predictions.size());
		}
		int n = gold.size();
		String[] decided = new String[n];
		boolean[] correct = new boolean[n];
		double[] confidence = new double[n];
		int outOfScope = 0;
		int outOfScopeCaught = 0;
		for (int i = 0; i < n; i++) {
			HeadPrediction prediction = predictions.get(i);
			decided[i] = outOfScopeLabel != null && prediction.outOfScope() ? outOfScopeLabel : prediction.label();
			correct[i] = decided[i].equals(gold.get(i));
			confidence[i] = prediction.confidence();
			if (outOfScopeLabel != null && outOfScopeLabel.equals(gold.get(i))) {
				outOfScope++;
				if (prediction.outOfScope()) {
					outOfScopeCaught++;
				}
			}
		}
		int right = 0;
		for (boolean c : correct) {
			right += c ? 1 : 0;
		}
		return new HeadEvaluation(n, (double) right / n, macroF1(gold, decided), ece(gold, predictions, outOfScopeLabel),
				outOfScope == 0 ? Double.NaN : (double) outOfScopeCaught / outOfScope, selective(correct, confidence));
	}

	static double macroF1(List<String> gold, String[] decided) {
		Set<String> labels = new LinkedHashSet<>(gold);
		labels.addAll(List.of(decided));
		Map<String, int[]> counts = new HashMap<>(); // label -> {true positives, false positives, false negatives}
		for (String label : labels) {
			counts.put(label, new int[3]);
		}
		for (int i = 0; i < decided.length; i++) {
			if (decided[i].equals(gold.get(i))) {
				counts.get(decided[i])[0]++;
			}
			else {
				counts.get(decided[i])[1]++;
				counts.get(gold.get(i))[2]++;
			}
		}
		double sum = 0;
		for (int[] c : counts.values()) {
			double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
			double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
			sum += precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
		}
		return sum / labels.size();
	}

	/** Expected calibration error of the top label over in-scope examples. */
	static double ece(List<String> gold, List<HeadPrediction> predictions, String outOfScopeLabel) {
		double[] confidenceSum = new double[CALIBRATION_BINS];
		int[] rightCount = new int[CALIBRATION_BINS];
		int[] count = new int[CALIBRATION_BINS];
		int total = 0;
		for (int i = 0; i < gold.size(); i++) {
			if (gold.get(i).equals(outOfScopeLabel)) {
				continue;
			}
			HeadPrediction prediction = predictions.get(i);
			// bins (0, 1/15], (1/15, 2/15], ..., (14/15, 1]
			int bin = Math.min(CALIBRATION_BINS - 1,
					Math.max(0, (int) Math.ceil(prediction.confidence() * CALIBRATION_BINS) - 1));
			confidenceSum[bin] += prediction.confidence();
			rightCount[bin] += prediction.label().equals(gold.get(i)) ? 1 : 0;
			count[bin]++;
			total++;
		}
		double ece = 0;
		for (int b = 0; b < CALIBRATION_BINS; b++) {
			if (count[b] > 0) {
				ece += Math.abs((double) rightCount[b] / count[b] - confidenceSum[b] / count[b]) * count[b] / total;
			}
		}
		return total == 0 ? Double.NaN : ece;
	}

	static Selective selective(boolean[] correct, double[] confidence) {
		int n = correct.length;
		List<Integer> ascending = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			ascending.add(i);
		}
		ascending.sort(Comparator.comparingDouble(i -> confidence[i]));
		// rightEscalated[k]: right answers among the k least confident examples
		int[] rightEscalated = new int[n + 1];
		for (int k = 0; k < n; k++) {
			rightEscalated[k + 1] = rightEscalated[k] + (correct[ascending.get(k)] ? 1 : 0);
		}
		int right = rightEscalated[n];
		Map<Double, Double> curve = new LinkedHashMap<>();
		for (int step = 0; step <= 10; step++) {
			double rate = step * 0.05;
			int k = (int) Math.round(rate * n);
			curve.put(Math.round(rate * 100) / 100.0, (double) (right - rightEscalated[k] + k) / n);
		}
		Map<Double, Double> needed = new LinkedHashMap<>();
		for (double target : TARGETS) {
			for (int k = 0; k <= n; k++) {
				if (right - rightEscalated[k] + k >= target * n - 1e-9) {
					needed.put(target, (double) k / n);
					break;
				}
			}
		}
		// risk at coverage i/n: errors among the i most confident, divided by i
		double aurc = 0;
		int errors = 0;
		for (int i = 1; i <= n; i++) {
			errors += correct[ascending.get(n - i)] ? 0 : 1;
			aurc += (double) errors / i;
		}
		return new Selective(curve, needed, aurc / n);
	}

}
