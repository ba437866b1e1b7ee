package dev.tessera.core.learning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;

import dev.tessera.core.heads.ConfidenceCurve;
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
 * figure is worse beyond its noise when a paired bootstrap over the examples puts the whole 95 % interval of the
 * difference on the worse side: a real regression, such as a batch of wrong labels, is refused; a difference the
 * examples cannot tell from chance does not hold a version back.
 *
 * @param targetAccuracy the local accuracy the operating point is fitted for
 * @param outOfScopeLabel gold label of out-of-scope examples
 * @param protectedLabel a label whose recall must not fall (e.g. {@code emergency}), or empty
 * @param resamples bootstrap resamples
 * @param seed the bootstrap's seed: the same inputs give the same decision
 */
public record PromotionGate(double targetAccuracy, String outOfScopeLabel, Optional<String> protectedLabel,
		int resamples, long seed) {

	/**
	 * ECE differences this small do not count against a version: binned ECE on a few hundred examples moves by about
	 * this much between two well-calibrated heads, and resampling the same examples does not show that bias.
	 */
	static final double ECE_TOLERANCE = 0.02;

	public PromotionGate {
		if (resamples < 100) {
			throw new IllegalArgumentException("resamples must be >= 100, was " + resamples);
		}
	}

	public static PromotionGate forTarget(double targetAccuracy, String outOfScopeLabel,
			Optional<String> protectedLabel) {
		return new PromotionGate(targetAccuracy, outOfScopeLabel, protectedLabel, 1000, 7);
	}

	/** One figure of both versions. */
	public record Figure(String name, boolean higherIsBetter, double current, double candidate, double low,
			double high, boolean worse) {

		/** The figure as a sentence, e.g. "accuracy 0.912 -> 0.931 (difference 95 % interval +0.008..+0.030)". */
		public String describe() {
			return String.format(Locale.ROOT, "%s %.3f -> %.3f (difference, 95%% interval %+.3f..%+.3f)%s", this.name,
					this.current, this.candidate, this.low, this.high, this.worse ? ": worse beyond its noise" : "");
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
			return (promote() ? "promoted: no figure worse beyond its noise on " : "refused: worse on ") + this.examples
					+ " held-back examples; " + figures;
		}

	}

	/**
	 * @param gold true labels of the held-back examples
	 * @param current the serving version's decisions on them
	 * @param candidate the new version's decisions on them
	 */
	public Verdict judge(List<String> gold, List<HeadPrediction> current, List<HeadPrediction> candidate) {
		int n = gold.size();
		if (n == 0 || current.size() != n || candidate.size() != n) {
			throw new IllegalArgumentException(
					"need the same examples for both versions: " + n + ", " + current.size() + ", " + candidate.size());
		}
		OperatingThreshold currentPoint = OperatingThreshold.fit(gold, current, this.targetAccuracy,
				this.outOfScopeLabel);
		OperatingThreshold candidatePoint = OperatingThreshold.fit(gold, candidate, this.targetAccuracy,
				this.outOfScopeLabel);
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
		figures.add(figure("accuracy", true, a.right, b.right, null, draws));
		figures.add(eceFigure(a, b, draws));
		if (any(a.outOfScope)) {
			figures.add(figure("out-of-scope recall", true, a.caught, b.caught, a.outOfScope, draws));
		}
		figures.add(escalationFigure(a, b, currentPoint, candidatePoint, draws));
		this.protectedLabel.ifPresent(label -> {
			if (any(a.isProtected)) {
				figures.add(figure(label + " recall", true, a.protectedCaught, b.protectedCaught, a.isProtected,
						draws));
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

	/** Mean of a per-example indicator over the examples {@code among} selects (all when null), both versions. */
	private static Figure figure(String name, boolean higherIsBetter, boolean[] current, boolean[] candidate,
			boolean[] among, int[][] draws) {
		double currentValue = mean(current, among, null);
		double candidateValue = mean(candidate, among, null);
		double[] differences = new double[draws.length];
		int used = 0;
		for (int[] draw : draws) {
			double cur = mean(current, among, draw);
			double cand = mean(candidate, among, draw);
			if (!Double.isNaN(cur) && !Double.isNaN(cand)) {
				differences[used++] = cand - cur;
			}
		}
		return interval(name, higherIsBetter, currentValue, candidateValue, Arrays.copyOf(differences, used));
	}

	/**
	 * The escalation rate at each version's operating point, the point fitted again on every resample: the noise of
	 * the fit is part of the figure's noise.
	 */
	private Figure escalationFigure(Side a, Side b, OperatingThreshold currentPoint, OperatingThreshold candidatePoint,
			int[][] draws) {
		double[] differences = new double[draws.length];
		for (int r = 0; r < draws.length; r++) {
			differences[r] = b.escalationAtItsPoint(draws[r], this.targetAccuracy)
					- a.escalationAtItsPoint(draws[r], this.targetAccuracy);
		}
		return interval("escalation rate", false, currentPoint.escalationRate(), candidatePoint.escalationRate(),
				differences);
	}

	private Figure eceFigure(Side a, Side b, int[][] draws) {
		double[] differences = new double[draws.length];
		for (int r = 0; r < draws.length; r++) {
			differences[r] = b.ece(draws[r]) - a.ece(draws[r]);
		}
		return interval("ECE", false, a.ece(null), b.ece(null), differences, ECE_TOLERANCE);
	}

	private static Figure interval(String name, boolean higherIsBetter, double current, double candidate,
			double[] differences) {
		return interval(name, higherIsBetter, current, candidate, differences, 0);
	}

	/** @param tolerance a difference this small is no regression, however sure the resampling is of it */
	private static Figure interval(String name, boolean higherIsBetter, double current, double candidate,
			double[] differences, double tolerance) {
		if (differences.length == 0) {
			return new Figure(name, higherIsBetter, current, candidate, Double.NaN, Double.NaN, false);
		}
		Arrays.sort(differences);
		double low = differences[(int) Math.floor(0.025 * (differences.length - 1))];
		double high = differences[(int) Math.ceil(0.975 * (differences.length - 1))];
		boolean worse = higherIsBetter ? high < -tolerance : low > tolerance;
		return new Figure(name, higherIsBetter, current, candidate, low, high, worse);
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
			}
		}

		/** The share escalated at the operating point fitted on this draw. */
		double escalationAtItsPoint(int[] draw, double target) {
			double[] c = new double[draw.length];
			boolean[] right = new boolean[draw.length];
			boolean[] none = new boolean[draw.length];
			for (int k = 0; k < draw.length; k++) {
				c[k] = this.confidence[draw[k]];
				right[k] = this.topRight[draw[k]];
				none[k] = this.outOfScopeDecision[draw[k]];
			}
			return OperatingThreshold.fit(new ConfidenceCurve(c, right, none, null, false), target).escalationRate();
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
