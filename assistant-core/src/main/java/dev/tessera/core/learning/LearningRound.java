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
import dev.tessera.core.heads.TrainingSet;

/**
 * One round of learning from reviewed traffic, the same in the server and in {@code bench learn}: a version trained on
 * the pack's examples plus the accepted escalations is judged against the serving version by the
 * {@link PromotionGate}, and its operating point is fitted on reviewed traffic it was not trained on — never on a test
 * file.
 * <p>
 * The gate judges on labels a batch of reviews cannot have spoiled: one pack example in {@value #PACK_HOLDOUT_EVERY},
 * which no learned version trains on, and the reviewed traffic of earlier rounds. A batch of wrong labels makes the
 * version trained on it worse there, and it is refused.
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

	/** One pack example in this many is kept out of every learned version, as the gate's trusted labels. */
	public static final int PACK_HOLDOUT_EVERY = 5;

	/**
	 * The pack's examples a learned version never trains on: the only labels the gate can trust whatever a batch of
	 * reviews got wrong (a held-back example shares its batch's mistakes; an example a version trained on tells
	 * nothing of them).
	 */
	public static List<LabelledExample> packHoldout(TrainingSet pack) {
		List<LabelledExample> holdout = new ArrayList<>();
		for (int i = 0; i < pack.examples().size(); i++) {
			if (i % PACK_HOLDOUT_EVERY == PACK_HOLDOUT_EVERY - 1) {
				holdout.add(pack.examples().get(i));
			}
		}
		return holdout;
	}

	/** The pack's examples a learned version trains on: all but {@link #packHoldout}. */
	public static List<LabelledExample> packForTraining(TrainingSet pack) {
		List<LabelledExample> training = new ArrayList<>();
		for (int i = 0; i < pack.examples().size(); i++) {
			if (i % PACK_HOLDOUT_EVERY != PACK_HOLDOUT_EVERY - 1) {
				training.add(pack.examples().get(i));
			}
		}
		return training;
	}

	/**
	 * What a learned version is trained on: the pack's examples but its holdout, then the reviewed ones in the order
	 * they were accepted.
	 */
	public static TrainingSet trainingSet(TrainingSet pack, List<LabelledExample> learned) {
		List<LabelledExample> all = new ArrayList<>(packForTraining(pack));
		all.addAll(learned);
		return TrainingSet.of(all);
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

		public List<LabelledExample> examples() {
			List<LabelledExample> all = new ArrayList<>(this.heldBack);
			all.addAll(this.spotChecks);
			return all;
		}

		/** How many messages each example stands for: a held-back escalation 5, a spot check 1 / share. */
		public double[] weights() {
			double[] weights = new double[this.heldBack.size() + this.spotChecks.size()];
			Arrays.fill(weights, 0, this.heldBack.size(), HELD_BACK_EVERY);
			Arrays.fill(weights, this.heldBack.size(), weights.length,
					this.spotChecks.isEmpty() ? 0 : 1 / this.spotCheckShare);
			return weights;
		}

	}

	/**
	 * Judges a trained candidate against the serving version and fits its operating point.
	 * @param serving the serving version, or its twin trained the way learned versions are (without the pack's
	 * holdout) when it was trained on the whole pack: the two are judged on examples neither was trained on
	 * @param candidate the new version, trained on {@link #trainingSet} with the accepted examples not held back
	 * @param judgedOn what the gate compares them on: the pack's holdout and reviewed traffic accepted before this
	 * round (this round's held-back examples share its reviews' mistakes)
	 * @param traffic every reviewed example never trained on, for the operating point
	 */
	public Outcome judge(TaskHead serving, TrainedHead candidate, List<LabelledExample> judgedOn, Slice traffic) {
		return judge(serving, serving, candidate, new Judged(judgedOn, null), traffic);
	}

	/**
	 * What the gate judges on.
	 *
	 * @param examples the pack's holdout and reviewed traffic accepted before this round
	 * @param trafficWeights per example, how many messages of the traffic it stands for (0 for the pack's holdout), or
	 * null
	 */
	public record Judged(List<LabelledExample> examples, double[] trafficWeights) {

		/** The pack's holdout, then earlier rounds' reviewed traffic weighted as in {@link Slice#weights()}. */
		public static Judged of(List<LabelledExample> packHoldout, Slice earlierTraffic) {
			List<LabelledExample> all = new ArrayList<>(packHoldout);
			all.addAll(earlierTraffic.examples());
			double[] weights = new double[all.size()];
			double[] traffic = earlierTraffic.weights();
			System.arraycopy(traffic, 0, weights, packHoldout.size(), traffic.length);
			return new Judged(all, weights);
		}

	}

	/**
	 * As {@link #judge(TaskHead, TrainedHead, List, Slice)}, with the serving version's twin deciding and the serving
	 * version itself giving the operating point the traffic has now.
	 * @param serving the version serving now: its operating point is the one compared
	 * @param twin the serving version, or its twin trained without the pack's holdout: its decisions are compared
	 */
	public Outcome judge(TaskHead serving, TaskHead twin, TrainedHead candidate, Judged judged, Slice traffic) {
		List<LabelledExample> judgedOn = judged.examples();
		TrainedHead fitted = candidate;
		if (traffic.spotChecks().size() >= MIN_SPOT_CHECKS_FOR_POINT) {
			List<LabelledExample> reviewed = traffic.examples();
			fitted = candidate.withCurve(ConfidenceCurve.of(reviewed.stream().map(LabelledExample::label).toList(),
					candidate.head().predict(reviewed.stream().map(LabelledExample::text).toList()), traffic.weights(),
					false));
		}
		OperatingThreshold candidatePoint = fitPoint(fitted, this.targetAccuracy);
		List<String> texts = judgedOn.stream().map(LabelledExample::text).toList();
		List<String> gold = judgedOn.stream().map(LabelledExample::label).toList();
		List<HeadPrediction> servingDecisions = twin.predict(texts);
		List<HeadPrediction> servedDecisions = twin == serving ? servingDecisions : serving.predict(texts);
		// each version at the point it serves with, so that the gate judges what would change for the traffic (a
		// version whose point escalates everything is not promoted for its accuracy); one saved without the
		// decisions for a point is judged at the point these examples give it
		OperatingThreshold servingPoint = serving.operatingPoint(this.targetAccuracy)
			.orElseGet(() -> OperatingThreshold.fit(gold, servedDecisions, this.targetAccuracy,
					serving.spec().outOfScopeLabel()));
		// quality through the twin (it never saw the pack's holdout); the escalation rate as the traffic meets it
		PromotionGate.Verdict verdict = this.gate.judge(gold, servingDecisions, candidate.head().predict(texts),
				servingPoint, candidatePoint, judged.trafficWeights(), servedDecisions);
		return new Outcome(fitted, candidatePoint, verdict);
	}

	/** The operating point of a trained head, on the decisions it carries for it ({@link TrainedHead#curve()}). */
	public static OperatingThreshold fitPoint(TrainedHead trained, double targetAccuracy) {
		return OperatingThreshold.fit(trained.curve(), targetAccuracy);
	}

}
