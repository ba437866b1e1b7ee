package dev.tessera.core.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.tessera.core.heads.ConfidenceCurve;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.OperatingThreshold;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TrainedHead;

/**
 * One round of learning from reviewed traffic, the same in the server and in {@code bench learn}: a version trained on
 * the pack's examples plus the accepted escalations is judged against the serving version by the
 * {@link PromotionGate}, and its operating point is fitted on reviewed traffic it was not trained on — never on a test
 * file.
 * <p>
 * Two kinds of reviewed traffic are never trained on: one accepted escalation in {@value #HELD_BACK_EVERY} (held
 * back), and spot checks — a small random share of the messages the head answered itself, reviewed like escalations.
 * Escalations alone are the hard cases: a point fitted on them would escalate far too much, and the gate would judge
 * on them alone. With the spot checks, each weighted by the inverse of its chance of being reviewed, the slice stands
 * for the traffic. Until there are enough spot checks, the point is fitted on the head's held-out decisions from
 * training.
 */
public final class LearningRound {

	/** One accepted escalation in this many is held back from training, for the gate and the operating point. */
	public static final int HELD_BACK_EVERY = 5;

	/**
	 * Spot checks from which the point is fitted on reviewed traffic rather than on the head's held-out training
	 * decisions: with fewer, the messages the head answers confidently — where the threshold lies — are too few to
	 * reach the target with a margin, and the fit would escalate nearly everything.
	 */
	public static final int MIN_SPOT_CHECKS_FOR_POINT = 100;

	private final PromotionGate gate;

	private final double targetAccuracy;

	public LearningRound(PromotionGate gate, double targetAccuracy) {
		this.gate = gate;
		this.targetAccuracy = targetAccuracy;
	}

	/**
	 * @param candidate the version trained on the pack's examples and the accepted ones, with its operating curve
	 * @param candidatePoint its operating point
	 * @param verdict the gate's comparison with the serving version
	 */
	public record Outcome(TrainedHead candidate, OperatingThreshold candidatePoint, PromotionGate.Verdict verdict) {
	}

	/** Whether an accepted escalation (counted from 0 in the order accepted) is held back from training. */
	public static boolean heldBack(long acceptedIndex) {
		return acceptedIndex % HELD_BACK_EVERY == 0;
	}

	/**
	 * Reviewed traffic never trained on.
	 *
	 * @param heldBack accepted escalations held back from training
	 * @param spotChecks reviewed messages the head had answered itself
	 * @param spotCheckShare the share of locally answered messages that are spot-checked
	 */
	public record Slice(List<LabelledExample> heldBack, List<LabelledExample> spotChecks, double spotCheckShare) {

		public Slice {
			heldBack = List.copyOf(heldBack);
			spotChecks = List.copyOf(spotChecks);
			if (!spotChecks.isEmpty() && !(spotCheckShare > 0 && spotCheckShare <= 1)) {
				throw new IllegalArgumentException("spotCheckShare must be in (0, 1], was " + spotCheckShare);
			}
		}

		List<LabelledExample> examples() {
			List<LabelledExample> all = new ArrayList<>(this.heldBack);
			all.addAll(this.spotChecks);
			return all;
		}

		/** How many messages each example stands for: a held-back escalation 5, a spot check 1 / share. */
		double[] weights() {
			double[] weights = new double[this.heldBack.size() + this.spotChecks.size()];
			Arrays.fill(weights, 0, this.heldBack.size(), HELD_BACK_EVERY);
			Arrays.fill(weights, this.heldBack.size(), weights.length,
					this.spotChecks.isEmpty() ? 0 : 1 / this.spotCheckShare);
			return weights;
		}

	}

	/**
	 * Judges a trained candidate against the serving head on the reviewed traffic plus the pack's examples, and fits
	 * its operating point.
	 * @param serving the version serving now
	 * @param candidate the new version (trained on {@code packExamples} and the accepted examples not held back)
	 * @param packExamples the pack's own examples
	 * @param slice reviewed traffic neither version was trained on
	 */
	public Outcome judge(TaskHead serving, TrainedHead candidate, List<LabelledExample> packExamples, Slice slice) {
		List<LabelledExample> traffic = slice.examples();
		List<LabelledExample> judged = new ArrayList<>(traffic);
		judged.addAll(packExamples);
		List<String> texts = judged.stream().map(LabelledExample::text).toList();
		List<String> gold = judged.stream().map(LabelledExample::label).toList();
		List<HeadPrediction> candidatePredictions = candidate.head().predict(texts);
		PromotionGate.Verdict verdict = this.gate.judge(gold, serving.predict(texts), candidatePredictions);
		TrainedHead fitted = candidate;
		if (slice.spotChecks().size() >= MIN_SPOT_CHECKS_FOR_POINT) {
			fitted = candidate.withCurve(ConfidenceCurve.of(gold.subList(0, traffic.size()),
					candidatePredictions.subList(0, traffic.size()), slice.weights(), false));
		}
		return new Outcome(fitted, fitPoint(fitted, this.targetAccuracy), verdict);
	}

	/** The operating point of a trained head, on the decisions it carries for it ({@link TrainedHead#curve()}). */
	public static OperatingThreshold fitPoint(TrainedHead trained, double targetAccuracy) {
		return OperatingThreshold.fit(trained.curve(), targetAccuracy);
	}

}
