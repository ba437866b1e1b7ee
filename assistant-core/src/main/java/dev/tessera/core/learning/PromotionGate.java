package dev.tessera.core.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.tessera.core.heads.HeadEvaluation;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.OperatingThreshold;

/**
 * Decides whether a retrained head may replace the one serving: both are judged on the same examples neither was
 * trained on, and the new one is promoted only if no figure is worse beyond its noise.
 * <p>
 * The figures: accuracy, calibration error (ECE), out-of-scope recall (when the examples have out-of-scope ones),
 * the escalation rate at the operating point (each version's own threshold for the target local accuracy, fitted on
 * these examples) and, where the domain names one, the recall of a protected label (triage: emergencies caught). A
 * figure holds the version back unless a paired bootstrap over the examples shows it no worse than the serving
 * version's by more than its margin (the 95 % interval's bound on the worse side within the margin): a real
 * regression, such as a batch of wrong labels, is refused, and so is a version the examples are too few to judge —
 * it waits until more reviewed traffic can tell. A small difference within the margin does not hold a version back.
 *
 * @param targetAccuracy the local accuracy the operating point is fitted for
 * @param outOfScopeLabel gold label of out-of-scope examples
 * @param protectedLabel a label whose recall must not fall (e.g. {@code emergency}), or empty
 * @param resamples bootstrap resamples
 * @param seed the bootstrap's seed: the same inputs give the same decision
 * @param margin how much worse accuracy and recalls may be and still count as no worse; ECE's and the escalation
 * rate's margins are 2.5 times this (binned ECE on a few hundred examples moves by a few points between two
 * well-calibrated heads; the operating point moves with it)
 */
public record PromotionGate(double targetAccuracy, String outOfScopeLabel, Optional<String> protectedLabel,
		int resamples, long seed, double margin) {

	/** The default margin: two points of accuracy. */
	public static final double DEFAULT_MARGIN = 0.02;

	public PromotionGate {
		if (resamples < 100) {
			throw new IllegalArgumentException("resamples must be >= 100, was " + resamples);
		}
		if (!(margin >= 0 && margin < 0.5)) {
			throw new IllegalArgumentException("margin must be within [0, 0.5), was " + margin);
		}
	}

	public static PromotionGate forTarget(double targetAccuracy, String outOfScopeLabel,
			Optional<String> protectedLabel) {
		return forTarget(targetAccuracy, outOfScopeLabel, protectedLabel, DEFAULT_MARGIN);
	}

	public static PromotionGate forTarget(double targetAccuracy, String outOfScopeLabel,
			Optional<String> protectedLabel, double margin) {
		return new PromotionGate(targetAccuracy, outOfScopeLabel, protectedLabel, 1000, 7, margin);
	}

	/**
	 * One figure of both versions.
	 *
	 * @param low the 95 % interval's low end of candidate minus current
	 * @param high its high end
	 * @param margin how much worse the candidate may be and still count as no worse
	 * @param worse true when the interval does not rule out a regression beyond the margin
	 */
	public record Figure(String name, boolean higherIsBetter, double current, double candidate, double low,
			double high, double margin, boolean worse, double target) {

		public Figure(String name, boolean higherIsBetter, double current, double candidate, double low, double high,
				double margin, boolean worse) {
			this(name, higherIsBetter, current, candidate, low, high, margin, worse, Double.NaN);
		}

		/** The figure as a sentence, e.g. "accuracy 0.912 -> 0.931 (difference, 95 % interval +0.008..+0.030)". */
		public String describe() {
			if (!Double.isNaN(this.target)) {
				// held to a target, not to the serving version
				return String.format(Locale.ROOT, "%s %.3f -> %.3f (new version's 95%% interval %.3f..%.3f, target %.2f)%s",
						this.name, this.current, this.candidate, this.low, this.high, this.target,
						this.worse ? ": below the target beyond its noise" : "");
			}
			String verdict = "";
			if (this.worse) {
				boolean surelyWorse = this.higherIsBetter ? this.high < 0 : this.low > 0;
				verdict = surelyWorse ? ": worse beyond its noise"
						: String.format(Locale.ROOT, ": too few examples to rule out a regression beyond %.2f",
								this.margin);
			}
			return String.format(Locale.ROOT, "%s %.3f -> %.3f (difference, 95%% interval %+.3f..%+.3f)%s", this.name,
					this.current, this.candidate, this.low, this.high, verdict);
		}

	}

	/**
	 * @param examples examples both versions were judged on
	 * @param figures each figure of both versions
	 * @param currentThreshold the serving version's operating threshold on these examples
	 * @param candidateThreshold the new version's
	 */
	public record Verdict(int examples, List<Figure> figures, OperatingThreshold currentThreshold,
			OperatingThreshold candidateThreshold) {

		public boolean promote() {
			return this.figures.stream().noneMatch(Figure::worse);
		}

		public String describe() {
			String figures = String.join("; ", this.figures.stream().map(Figure::describe).toList());
			return (promote() ? "promoted: no figure worse beyond its margin on " : "refused: not shown no worse on ")
					+ this.examples
					+ " held-back examples; " + figures;
		}

	}

	/**
	 * Judges both versions, each at the operating point these examples give it (fitted once; the bootstrap then
	 * resamples each example's outcome at that point).
	 * @param gold true labels of the held-back examples
	 * @param current the serving version's decisions on them
	 * @param candidate the new version's decisions on them
	 */
	public Verdict judge(List<String> gold, List<HeadPrediction> current, List<HeadPrediction> candidate) {
		return judge(gold, current, candidate,
				OperatingThreshold.fit(gold, current, this.targetAccuracy, this.outOfScopeLabel),
				OperatingThreshold.fit(gold, candidate, this.targetAccuracy, this.outOfScopeLabel));
	}

	/**
	 * Judges both versions, each at its own operating point (fitted on what each version carries for it, not on these
	 * examples): the escalation rate and the local accuracy there are figures like the others.
	 * @param gold true labels of the held-back examples
	 * @param current the serving version's decisions on them
	 * @param candidate the new version's decisions on them
	 * @param currentPoint the serving version's operating point
	 * @param candidatePoint the new version's
	 */
	public Verdict judge(List<String> gold, List<HeadPrediction> current, List<HeadPrediction> candidate,
			OperatingThreshold currentPoint, OperatingThreshold candidatePoint) {
		return judge(gold, current, candidate, currentPoint, candidatePoint, null);
	}

	/**
	 * As {@link #judge(List, List, List, OperatingThreshold, OperatingThreshold)}, with the escalation rate measured on
	 * the reviewed traffic among the examples, each weighted by how many messages it stands for: the examples as a
	 * whole are mostly hard cases, on which any version escalates nearly everything.
	 * @param trafficWeights per example, how many messages of the traffic it stands for (0 for an example that is not
	 * traffic, such as the pack's holdout); null, or all 0, to weigh every example alike
	 */
	public Verdict judge(List<String> gold, List<HeadPrediction> current, List<HeadPrediction> candidate,
			OperatingThreshold currentPoint, OperatingThreshold candidatePoint, double[] trafficWeights) {
		return judge(gold, current, candidate, currentPoint, candidatePoint, trafficWeights, current);
	}

	/**
	 * As {@link #judge(List, List, List, OperatingThreshold, OperatingThreshold, double[])}, when the serving version's
	 * quality is judged through a twin (trained without the examples it is judged on) but the traffic meets the
	 * serving version itself.
	 * @param currentServed the serving version's own decisions, for its escalation rate at its point
	 */
	public Verdict judge(List<String> gold, List<HeadPrediction> current, List<HeadPrediction> candidate,
			OperatingThreshold currentPoint, OperatingThreshold candidatePoint, double[] trafficWeights,
			List<HeadPrediction> currentServed) {
		int n = gold.size();
		if (n == 0 || current.size() != n || candidate.size() != n) {
			throw new IllegalArgumentException(
					"need the same examples for both versions: " + n + ", " + current.size() + ", " + candidate.size());
		}
		Side a = new Side(gold, current, currentPoint, this.outOfScopeLabel, this.protectedLabel);
		Side b = new Side(gold, candidate, candidatePoint, this.outOfScopeLabel, this.protectedLabel);
		List<Figure> figures = new ArrayList<>();
		SplittableRandom random = new SplittableRandom(this.seed);
		int[][] draws = new int[this.resamples][];
		for (int r = 0; r < this.resamples; r++) {
			int[] draw = new int[n];
			for (int i = 0; i < n; i++) {
				draw[i] = random.nextInt(n);
			}
			draws[r] = draw;
		}
		figures.add(figure("accuracy", true, a.right, b.right, null, null, draws, this.margin));
		figures.add(eceFigure(a, b, draws));
		if (any(a.outOfScope)) {
			figures.add(figure("out-of-scope recall", true, a.caught, b.caught, a.outOfScope, a.outOfScope, draws,
					this.margin));
		}
		// at each version's own operating point: how much it escalates, and how right it is where it does not
		Side served = currentServed == current ? a
				: new Side(gold, currentServed, currentPoint, this.outOfScopeLabel, this.protectedLabel);
		figures.add(escalation(served, b, trafficWeights, draws));
		figures.add(localAccuracy(a, b, draws));
		this.protectedLabel.ifPresent(label -> {
			if (any(a.isProtected)) {
				figures.add(figure(label + " recall", true, a.protectedCaught, b.protectedCaught, a.isProtected,
						a.isProtected, draws, this.margin));
			}
		});
		return new Verdict(n, figures, currentPoint, candidatePoint);
	}

	private static boolean any(boolean[] values) {
		for (boolean value : values) {
			if (value) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Mean of a per-example indicator, each version over the examples its {@code among} selects (all when null).
	 */
	private static Figure figure(String name, boolean higherIsBetter, boolean[] current, boolean[] candidate,
			boolean[] currentAmong, boolean[] candidateAmong, int[][] draws, double margin) {
		double currentValue = mean(current, currentAmong, null);
		double candidateValue = mean(candidate, candidateAmong, null);
		double[] differences = new double[draws.length];
		int used = 0;
		for (int[] draw : draws) {
			double cur = mean(current, currentAmong, draw);
			double cand = mean(candidate, candidateAmong, draw);
			if (!Double.isNaN(cur) && !Double.isNaN(cand)) {
				differences[used++] = cand - cur;
			}
		}
		return interval(name, higherIsBetter, currentValue, candidateValue, Arrays.copyOf(differences, used), margin);
	}

	/** The share escalated at each version's point, weighted to stand for the traffic where weights are given. */
	private Figure escalation(Side a, Side b, double[] weights, int[][] draws) {
		boolean weighted = weights != null && Arrays.stream(weights).anyMatch(w -> w > 0);
		double[] w = weighted ? weights : null;
		double[] differences = new double[draws.length];
		int used = 0;
		for (int[] draw : draws) {
			double cur = weightedMean(a.escalated, w, draw);
			double cand = weightedMean(b.escalated, w, draw);
			if (!Double.isNaN(cur) && !Double.isNaN(cand)) {
				differences[used++] = cand - cur;
			}
		}
		return interval(weighted ? "escalation rate (traffic)" : "escalation rate", false, weightedMean(a.escalated, w, null),
				weightedMean(b.escalated, w, null), Arrays.copyOf(differences, used), 2.5 * this.margin);
	}

	private static double weightedMean(boolean[] values, double[] weights, int[] draw) {
		double total = 0;
		double hits = 0;
		int n = draw == null ? values.length : draw.length;
		for (int k = 0; k < n; k++) {
			int i = draw == null ? k : draw[k];
			double w = weights == null ? 1 : weights[i];
			total += w;
			hits += values[i] ? w : 0;
		}
		return total == 0 ? Double.NaN : hits / total;
	}

	/**
	 * The new version's local accuracy at its operating point, held to the target the point was fitted for rather
	 * than to the serving version's (which may answer far fewer messages, more surely): worse only when the whole
	 * interval of the new version's own local accuracy lies below the target.
	 */
	private Figure localAccuracy(Side a, Side b, int[][] draws) {
		double[] values = new double[draws.length];
		int used = 0;
		for (int[] draw : draws) {
			double value = mean(b.localRight, b.local, draw);
			if (!Double.isNaN(value)) {
				values[used++] = value;
			}
		}
		double current = mean(a.localRight, a.local, null);
		double candidate = mean(b.localRight, b.local, null);
		if (used == 0) {
			return new Figure("local accuracy", true, current, candidate, Double.NaN, Double.NaN, 0, false,
					this.targetAccuracy);
		}
		values = Arrays.copyOf(values, used);
		Arrays.sort(values);
		double low = values[(int) Math.floor(0.025 * (used - 1))];
		double high = values[(int) Math.ceil(0.975 * (used - 1))];
		return new Figure("local accuracy", true, current, candidate, low, high, 0, high < this.targetAccuracy,
				this.targetAccuracy);
	}

	private Figure eceFigure(Side a, Side b, int[][] draws) {
		double[] differences = new double[draws.length];
		for (int r = 0; r < draws.length; r++) {
			differences[r] = b.ece(draws[r]) - a.ece(draws[r]);
		}
		return interval("ECE", false, a.ece(null), b.ece(null), differences, 2.5 * this.margin);
	}

	/** @param margin how much worse the candidate may be and still count as no worse */
	private static Figure interval(String name, boolean higherIsBetter, double current, double candidate,
			double[] differences, double margin) {
		if (differences.length == 0) {
			return new Figure(name, higherIsBetter, current, candidate, Double.NaN, Double.NaN, margin, false);
		}
		Arrays.sort(differences);
		double low = differences[(int) Math.floor(0.025 * (differences.length - 1))];
		double high = differences[(int) Math.ceil(0.975 * (differences.length - 1))];
		// non-inferiority: the interval's worse end must stay within the margin
		boolean worse = higherIsBetter ? low < -margin : high > margin;
		return new Figure(name, higherIsBetter, current, candidate, low, high, margin, worse);
	}

	private static double mean(boolean[] values, boolean[] among, int[] draw) {
		int count = 0;
		int hits = 0;
		int n = draw == null ? values.length : draw.length;
		for (int k = 0; k < n; k++) {
			int i = draw == null ? k : draw[k];
			if (among == null || among[i]) {
				count++;
				hits += values[i] ? 1 : 0;
			}
		}
		return count == 0 ? Double.NaN : (double) hits / count;
	}

	/** One version's per-example outcomes. */
	private static final class Side {

		final boolean[] right;

		final boolean[] outOfScope;

		final boolean[] caught;

		final boolean[] isProtected;

		final boolean[] protectedCaught;

		final double[] confidence;

		final boolean[] inScope;

		final boolean[] topRight;

		final boolean[] outOfScopeDecision;

		final boolean[] escalated;

		final boolean[] local;

		final boolean[] localRight;

		Side(List<String> gold, List<HeadPrediction> predictions, OperatingThreshold point, String oosLabel,
				Optional<String> protectedLabel) {
			int n = gold.size();
			this.right = new boolean[n];
			this.outOfScope = new boolean[n];
			this.caught = new boolean[n];
			this.isProtected = new boolean[n];
			this.protectedCaught = new boolean[n];
			this.confidence = new double[n];
			this.inScope = new boolean[n];
			this.topRight = new boolean[n];
			this.outOfScopeDecision = new boolean[n];
			this.escalated = new boolean[n];
			this.local = new boolean[n];
			this.localRight = new boolean[n];
			for (int i = 0; i < n; i++) {
				HeadPrediction p = predictions.get(i);
				String decided = p.outOfScope() ? oosLabel : p.label();
				this.right[i] = decided.equals(gold.get(i));
				this.outOfScope[i] = gold.get(i).equals(oosLabel);
				this.caught[i] = p.outOfScope();
				this.isProtected[i] = protectedLabel.map(gold.get(i)::equals).orElse(false);
				// a protected case is caught when the head says so, whether or not it also escalates
				this.protectedCaught[i] = protectedLabel.map(p.label()::equals).orElse(false);
				this.confidence[i] = p.confidence();
				this.inScope[i] = !this.outOfScope[i];
				this.topRight[i] = p.label().equals(gold.get(i));
				this.outOfScopeDecision[i] = p.outOfScope();
				this.local[i] = point.answersLocally(p);
				this.escalated[i] = !this.local[i];
				// answering an out-of-scope message locally is wrong whatever the label
				this.localRight[i] = this.local[i] && !this.outOfScope[i] && this.topRight[i];
			}
		}

		/** ECE over the in-scope examples of a draw, as {@link HeadEvaluation} bins it. */
		double ece(int[] draw) {
			int bins = HeadEvaluation.CALIBRATION_BINS;
			double[] confidenceSum = new double[bins];
			int[] rightCount = new int[bins];
			int[] count = new int[bins];
			int total = 0;
			int n = draw == null ? this.right.length : draw.length;
			for (int k = 0; k < n; k++) {
				int i = draw == null ? k : draw[k];
				if (!this.inScope[i]) {
					continue;
				}
				int bin = Math.min(bins - 1, Math.max(0, (int) Math.ceil(this.confidence[i] * bins) - 1));
				confidenceSum[bin] += this.confidence[i];
				rightCount[bin] += this.topRight[i] ? 1 : 0;
				count[bin]++;
				total++;
			}
			double ece = 0;
			for (int b = 0; b < bins; b++) {
				if (count[b] > 0) {
					ece += Math.abs((double) rightCount[b] / count[b] - confidenceSum[b] / count[b]) * count[b] / total;
				}
			}
			return total == 0 ? 0 : ece;
		}

	}

}
