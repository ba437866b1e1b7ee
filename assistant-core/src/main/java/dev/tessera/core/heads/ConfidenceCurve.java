package dev.tessera.core.heads;

import java.util.Arrays;
import java.util.List;

/**
 * A head's decisions on examples it was not trained on, reduced to what an operating point needs: each decision's
 * confidence, whether its label was right, whether the head said "none of these", and how many messages of the traffic
 * it stands for. Saved with each head version ({@code operating-curve.json}) so that the router can fit the version's
 * own threshold for any target accuracy.
 * <p>
 * Reviewed traffic is not a random sample of it: every escalated message is reviewed and one in five held back, while
 * only a small share of the messages answered locally is spot-checked. Each example is therefore weighted by the
 * inverse of its chance of being in the sample (Horvitz–Thompson), so the curve describes the traffic, not the hard
 * cases alone.
 *
 * @param confidence calibrated confidence of each decision
 * @param correct whether the decision's label was the true one
 * @param outOfScope whether the head answered "none of these"
 * @param weight how many messages each example stands for
 * @param crossFitted true when the decisions come from cross-fitting: models trained on four fifths of the data,
 * less confident than the head trained on all of it, so the fit asks for a wider margin
 */
public record ConfidenceCurve(double[] confidence, boolean[] correct, boolean[] outOfScope, double[] weight,
		boolean crossFitted) {

	public ConfidenceCurve {
		if (weight == null) {
			weight = new double[confidence.length];
			Arrays.fill(weight, 1.0);
		}
		if (confidence.length != correct.length || confidence.length != outOfScope.length
				|| confidence.length != weight.length) {
			throw new IllegalArgumentException("a curve needs as many flags and weights as confidences");
		}
	}

	/** Decisions that each stand for one message. */
	public static ConfidenceCurve of(List<String> gold, List<HeadPrediction> predictions) {
		return of(gold, predictions, null, false);
	}

	/**
	 * @param weights how many messages each example stands for, or null for one each
	 * @param crossFitted whether the decisions come from cross-fitted models
	 */
	public static ConfidenceCurve of(List<String> gold, List<HeadPrediction> predictions, double[] weights,
			boolean crossFitted) {
		int n = gold.size();
		double[] confidence = new double[n];
		boolean[] correct = new boolean[n];
		boolean[] outOfScope = new boolean[n];
		for (int i = 0; i < n; i++) {
			confidence[i] = predictions.get(i).confidence();
			correct[i] = predictions.get(i).label().equals(gold.get(i));
			outOfScope[i] = predictions.get(i).outOfScope();
		}
		return new ConfidenceCurve(confidence, correct, outOfScope, weights, crossFitted);
	}

	public int size() {
		return this.confidence.length;
	}

}
