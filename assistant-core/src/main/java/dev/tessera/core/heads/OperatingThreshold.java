package dev.tessera.core.heads;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;


/**
 * The confidence below which a head's answers are escalated so that the answers it keeps reach a target accuracy:
 * the router's operating point for the head, fitted on decisions the head was not trained on.
 * <p>
 * The fit asks for the target with a margin for the examples' number: the lowest threshold at which the one-sided 95 %
 * Wilson lower bound of the local accuracy reaches the target. A threshold picked where the point estimate just
 * touches the target would miss it on half of all unseen samples.
 *
 * @param threshold least confidence answered locally; above 1 when no threshold reaches the target (escalate all)
 * @param targetAccuracy the accuracy asked for among local answers
 * @param localAccuracy accuracy of the local answers on the fitting examples at this threshold (NaN when none)
 * @param escalationRate share of the fitting examples escalated at this threshold
 * @param examples examples it was fitted on
 */
public record OperatingThreshold(double threshold, double targetAccuracy, double localAccuracy, double escalationRate,
		int examples) {

	/** One-sided 95 %. */
	static final double Z = 1.645;

	/** One-sided 99 %, for cross-fitted decisions ({@link ConfidenceCurve#crossFitted()}). */
	static final double Z_CROSS_FITTED = 2.326;

	/** A threshold no confidence reaches: every message is escalated. */
	public static final double ESCALATE_ALL = 1.0 + 1e-9;

	/**
	 * Fits the threshold.
	 * @param gold true labels ({@code outOfScopeLabel} for out-of-scope examples)
	 * @param predictions the head's decisions on them
	 * @param targetAccuracy accuracy required of local answers
	 * @param outOfScopeLabel gold label of out-of-scope examples (answering one locally is wrong)
	 */
	public static OperatingThreshold fit(List<String> gold, List<HeadPrediction> predictions, double targetAccuracy,
			String outOfScopeLabel) {
		if (gold.size() != predictions.size() || gold.isEmpty()) {
			throw new IllegalArgumentException("need one prediction per label, and at least one");
		}
		return fit(ConfidenceCurve.of(gold, predictions), targetAccuracy);
	}

	/** Fits the threshold on a head's recorded decisions. */
	public static OperatingThreshold fit(ConfidenceCurve curve, double targetAccuracy) {
		if (!(targetAccuracy > 0 && targetAccuracy < 1)) {
			throw new IllegalArgumentException("targetAccuracy must be in (0, 1), was " + targetAccuracy);
		}
		int n = curve.size();
		if (n == 0) {
			return new OperatingThreshold(ESCALATE_ALL, targetAccuracy, Double.NaN, 1.0, 0);
		}
		// candidates answered locally at some threshold: the head's decisions that are not "none of these", most
		// confident first; the threshold at the k-th keeps the first k
		List<Integer> answerable = new ArrayList<>();
		double total = 0;
		for (int i = 0; i < n; i++) {
			total += curve.weight()[i];
			if (!curve.outOfScope()[i]) {
				answerable.add(i);
			}
		}
		double[] confidence = curve.confidence();
		answerable.sort(Comparator.comparingDouble((Integer i) -> confidence[i]).reversed());
		double z = curve.crossFitted() ? Z_CROSS_FITTED : Z;
		int bestKept = 0;
		double bestAccuracy = Double.NaN;
		double bestKeptWeight = 0;
		double kept = 0;
		double keptSquares = 0;
		double right = 0;
		for (int k = 1; k <= answerable.size(); k++) {
			int i = answerable.get(k - 1);
			double w = curve.weight()[i];
			kept += w;
			keptSquares += w * w;
			right += curve.correct()[i] ? w : 0;
			boolean tieWithNext = k < answerable.size() && confidence[answerable.get(k)] == confidence[i];
			// Kish's effective number of examples: weighted examples carry less evidence than as many plain ones
			double effective = kept * kept / keptSquares;
			if (!tieWithNext && wilsonLower(right / kept, effective, z) >= targetAccuracy) {
				bestKept = k;
				bestAccuracy = right / kept;
				bestKeptWeight = kept;
			}
		}
		if (bestKept == 0) {
			return new OperatingThreshold(ESCALATE_ALL, targetAccuracy, Double.NaN, 1.0, n);
		}
		double threshold = confidence[answerable.get(bestKept - 1)];
		return new OperatingThreshold(threshold, targetAccuracy, bestAccuracy, 1.0 - bestKeptWeight / total, n);
	}

	/** Whether the head answers this prediction itself at this threshold. */
	public boolean answersLocally(HeadPrediction prediction) {
		return !prediction.outOfScope() && prediction.confidence() >= this.threshold;
	}

	/** Local accuracy and escalation rate of these decisions at this threshold (fitted elsewhere). */
	public Applied apply(List<String> gold, List<HeadPrediction> predictions) {
		int local = 0;
		int right = 0;
		for (int i = 0; i < gold.size(); i++) {
			if (answersLocally(predictions.get(i))) {
				local++;
				right += correct(predictions.get(i), gold.get(i)) ? 1 : 0;
			}
		}
		return new Applied(local == 0 ? Double.NaN : (double) right / local,
				gold.isEmpty() ? Double.NaN : 1.0 - (double) local / gold.size(), gold.size());
	}

	/**
	 * @param localAccuracy accuracy among the decisions answered locally
	 * @param escalationRate share escalated
	 * @param examples decisions judged
	 */
	public record Applied(double localAccuracy, double escalationRate, int examples) {
	}

	static boolean correct(HeadPrediction prediction, String gold) {
		return prediction.label().equals(gold);
	}

	/** Wilson score interval's lower bound for a share {@code p} of {@code n} examples. */
	static double wilsonLower(double p, double n, double z) {
		double z2 = z * z;
		double centre = p + z2 / (2 * n);
		double spread = z * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
		return (centre - spread) / (1 + z2 / n);
	}

}
