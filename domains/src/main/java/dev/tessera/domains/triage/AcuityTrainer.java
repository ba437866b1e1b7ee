package dev.tessera.domains.triage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;
import tools.jackson.databind.JsonNode;

import dev.tessera.core.audit.AuditHash;
import dev.tessera.inference.encoder.TextEmbedder;

import dev.tessera.domains.triage.AcuityModel.Boundary;
import dev.tessera.domains.triage.AcuityModel.OperatingPoint;

/**
 * Trains the acuity model on labelled cases and chooses its operating point by cross-validation on those cases only:
 * <ol>
 * <li>every case is read twice, as written and with its findings (vital signs, mental status, pain score, arrival,
 * age, sex, onset) each removed with probability one half, because a patient in a chat rarely gives what a triage
 * record holds;</li>
 * <li>five-fold out-of-fold probabilities (a case and its reduced copy stay in one fold) feed a grid search over the
 * three thresholds and the band that minimises the cost of mistriage (under-triage 2 per level, an under-triaged
 * emergency 10 more, over-triage 1 per level; each level weighted so that all four count alike, or the rare self-care
 * cases would not count), subject to at most {@link Options#maxEmergencyUnderTriage} of the emergencies
 * under-triaged after the rules' floor and, where some point allows it, routine and self-care each right at least
 * {@link Options#minRecall} of the time;</li>
 * <li>the three boundaries are then fitted on all the cases.</li>
 * </ol>
 * Nothing of a test set is seen: {@code bench triage} calls this on training folds or training sources only.
 */
public final class AcuityTrainer {

	/** The after-the-visit diagnosis that KTAS records end with: known only after the visit, so never a feature. */
	private static final Pattern OUTCOME = Pattern.compile("\\s*The patient is suspected to have[^\\n]*$",
			Pattern.CASE_INSENSITIVE);

	/** The kinds of finding a chat may not give, removed at random for training and for evaluation. */
	private static final Set<String> REMOVABLE = Set.of("heart-rate", "respiratory-rate", "spo2", "blood-pressure",
			"temperature", "gcs", "pain", "mental-status", "arrival", "age", "sex", "onset", "duration-days");

	private static final List<UrgencyLevel> ABOVE = List.of(UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT,
			UrgencyLevel.ROUTINE);

	/** A labelled description; {@code source} names the data set it came from. */
	public record Case(String source, String text, UrgencyLevel gold) {
	}

	/**
	 * @param cost LIBLINEAR's C (inverse regularisation)
	 * @param folds folds for the out-of-fold probabilities that choose the operating point
	 * @param maxEmergencyUnderTriage the most out-of-fold emergencies the point may under-triage
	 * @param minRecall how often routine and self-care must each be right out of fold (when some point can)
	 * @param seed for the folds and the removal of findings
	 */
	public record Options(double cost, int folds, double maxEmergencyUnderTriage, double minRecall, long seed) {

		public static Options defaults() {
			// the bounds were compared by bench triage-cv on the development data (docs/triage.md)
			return new Options(0.5, 5, 0.04, 0.5, 7);
		}

	}

	/** A trained model with the out-of-fold figures that chose its point. */
	public record Trained(AcuityModel model, Map<String, Object> document) {
	}

	private final Options options;

	private final TextEmbedder embedder;

	/**
	 * @param options training options
	 * @param embedder the sentence encoder whose vector of the complaint joins the features, or {@code null} for
	 * findings and words alone
	 */
	public AcuityTrainer(Options options, TextEmbedder embedder) {
		this.options = options;
		this.embedder = embedder;
	}

	/** The description without the after-the-visit diagnosis sentence. */
	public static String withoutOutcome(String text) {
		return OUTCOME.matcher(text.strip()).replaceAll("").strip();
	}

	/**
	 * The description with each removable finding (see {@link #REMOVABLE}) blanked with the given probability;
	 * lower-cased, as triage reads it.
	 */
	public static String withFindingsRemoved(String description, Random random, double probability) {
		TriageReading reading = TriageReading.of(description);
		String text = reading.text().text();
		List<int[]> spans = new ArrayList<>();
		Map<String, List<int[]>> byKind = new HashMap<>();
		for (Finding f : reading.findings().all()) {
			String kind = f.name().endsWith("-bp") ? "blood-pressure" : f.name();
			if (REMOVABLE.contains(kind) && f.start() >= 0) {
				byKind.computeIfAbsent(kind, k -> new ArrayList<>()).add(new int[] { f.start(), f.end() });
			}
		}
		for (String kind : new TreeSet<>(byKind.keySet())) {
			if (random.nextDouble() < probability) {
				spans.addAll(byKind.get(kind));
			}
		}
		spans.sort(Comparator.comparingInt((int[] s) -> s[0]).reversed());
		StringBuilder out = new StringBuilder(text);
		int last = Integer.MAX_VALUE;
		for (int[] span : spans) {
			if (span[1] <= last) {
				out.replace(span[0], span[1], " ");
				last = span[0];
			}
		}
		return out.toString();
	}

	/** Trains on the cases: out-of-fold point first, then the boundaries on everything. */
	public Trained train(List<Case> cases, String version) {
		List<Row> rows = rows(cases, new Random(this.options.seed()), this.embedder);
		int[] fold = folds(rows, cases.size());
		double[][] oof = new double[rows.size()][];
		for (int k = 0; k < this.options.folds(); k++) {
			List<Row> train = new ArrayList<>();
			for (int i = 0; i < rows.size(); i++) {
				if (fold[i] != k) {
					train.add(rows.get(i));
				}
			}
			List<Boundary> boundaries = fit(train);
			AcuityModel partial = new AcuityModel("fold", encoderName(), boundaries,
					new OperatingPoint(0.5, 0.5, 0.5, 1), null);
			for (int i = 0; i < rows.size(); i++) {
				if (fold[i] == k) {
					oof[i] = partial.atLeast(rows.get(i).features());
				}
			}
		}
		PointSearch search = PointSearch.over(rows, oof, this.options.maxEmergencyUnderTriage(),
				this.options.minRecall());
		List<Boundary> boundaries = fit(rows);
		Map<String, Object> doc = new LinkedHashMap<>();
		doc.put("version", version);
		doc.put("encoder", encoderName());
		doc.put("model", "three L2-regularised logistic regressions (LIBLINEAR), one per boundary between levels"
				+ " (at least emergency, at least urgent, at least routine), over typed findings, the rules' findings"
				+ " and the description's words");
		doc.put("trainedOn", sources(cases));
		// sorted: a retrain on the same data writes the same file
		doc.put("options", new TreeMap<>(Map.of("cost", this.options.cost(), "folds", this.options.folds(),
				"maxEmergencyUnderTriage", this.options.maxEmergencyUnderTriage(), "minRoutineAndSelfCareRecall",
				this.options.minRecall(), "seed", this.options.seed(),
				"findingsRemoved", "each case also read with each of " + new TreeSet<>(REMOVABLE)
						+ " removed with probability 0.5")));
		doc.put("operatingPoint", search.best().toMap());
		doc.put("operatingPointChosenBy", "grid search over out-of-fold probabilities (" + this.options.folds()
				+ " folds of the training cases, with and without findings): least mistriage cost (under-triage 2"
				+ " per level, an under-triaged emergency +10, over-triage 1 per level, levels weighted alike) with at"
				+ " most "
				+ this.options.maxEmergencyUnderTriage() + " of emergencies under-triaged after the rules' floor and"
				+ " routine and self-care each right at least " + this.options.minRecall() + " of the time (the recalls"
				+ " give way when no point reaches them within the bound)");
		doc.put("outOfFold", search.figures(search.best()));
		doc.put("boundMet", search.boundMet());
		doc.put("curve", search.curve());
		List<Map<String, Object>> written = new ArrayList<>();
		for (Boundary b : boundaries) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("atLeast", b.atLeast().label());
			entry.put("bias", b.bias());
			entry.put("weights", new TreeMap<>(b.weights()));
			written.add(entry);
		}
		doc.put("boundaries", written);
		JsonNode node = AcuityModel.JSON.valueToTree(doc);
		return new Trained(new AcuityModel(version, encoderName(), boundaries, search.best(), node), doc);
	}

	private String encoderName() {
		return this.embedder == null ? AcuityModel.NO_ENCODER : this.embedder.name();
	}

	private static List<Map<String, Object>> sources(List<Case> cases) {
		Map<String, List<Case>> bySource = new TreeMap<>();
		cases.forEach(c -> bySource.computeIfAbsent(c.source(), s -> new ArrayList<>()).add(c));
		List<Map<String, Object>> out = new ArrayList<>();
		bySource.forEach((source, list) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("source", source);
			entry.put("cases", list.size());
			Map<String, Long> levels = new LinkedHashMap<>();
			for (UrgencyLevel level : UrgencyLevel.values()) {
				levels.put(level.label(), list.stream().filter(c -> c.gold() == level).count());
			}
			entry.put("levels", levels);
			entry.put("sha256", sha256(list));
			out.add(entry);
		});
		return out;
	}

	private static String sha256(List<Case> cases) {
		StringBuilder all = new StringBuilder();
		cases.forEach(c -> all.append(c.text()).append('\t').append(c.gold().label()).append('\n'));
		return AuditHash.sha256Hex(all.toString());
	}

	/** Each case as written, and once more with findings removed; the complaint's vector is the case's. */
	private static List<Row> rows(List<Case> cases, Random random, TextEmbedder embedder) {
		List<TriageReading> readings = new ArrayList<>(cases.size() * 2);
		for (Case c : cases) {
			readings.add(TriageReading.of(c.text()));
			readings.add(TriageReading.of(withFindingsRemoved(c.text(), random, 0.5)));
		}
		List<float[]> vectors = new ArrayList<>();
		if (embedder != null) {
			List<String> complaints = new ArrayList<>();
			for (int i = 0; i < readings.size(); i += 2) {
				complaints.add(readings.get(i).complaintText());
			}
			for (int from = 0; from < complaints.size(); from += 32) {
				vectors.addAll(embedder.embed(complaints.subList(from, Math.min(complaints.size(), from + 32))));
			}
		}
		List<Row> rows = new ArrayList<>(readings.size());
		for (int i = 0; i < readings.size(); i++) {
			TriageReading reading = readings.get(i);
			float[] vector = embedder == null ? null : vectors.get(i / 2);
			rows.add(new Row(i / 2, cases.get(i / 2).gold(), reading, reading.features(vector)));
		}
		return rows;
	}

	/** Folds by case, stratified by level: a case and its reduced copy fall in the same fold. */
	private int[] folds(List<Row> rows, int caseCount) {
		UrgencyLevel[] gold = new UrgencyLevel[caseCount];
		rows.forEach(r -> gold[r.caseIndex()] = r.gold());
		Integer[] order = new Integer[caseCount];
		Arrays.setAll(order, i -> i);
		Random random = new Random(this.options.seed() + 1);
		List<Integer> shuffled = new ArrayList<>(List.of(order));
		Collections.shuffle(shuffled, random);
		shuffled.sort(Comparator.comparing(i -> gold[i]));
		int[] caseFold = new int[caseCount];
		for (int i = 0; i < shuffled.size(); i++) {
			caseFold[shuffled.get(i)] = i % this.options.folds();
		}
		int[] fold = new int[rows.size()];
		for (int i = 0; i < rows.size(); i++) {
			fold[i] = caseFold[rows.get(i).caseIndex()];
		}
		return fold;
	}

	/** Fits the three boundaries; word features seen in fewer than two training rows are left out. */
	private List<Boundary> fit(List<Row> rows) {
		Map<String, Integer> counts = new HashMap<>();
		rows.forEach(r -> r.features().keySet().forEach(name -> counts.merge(name, 1, Integer::sum)));
		Map<String, Integer> index = new TreeMap<>();
		for (Map.Entry<String, Integer> e : new TreeMap<>(counts).entrySet()) {
			if (!e.getKey().startsWith("word:") || e.getValue() >= 2) {
				index.put(e.getKey(), index.size() + 1);
			}
		}
		Feature[][] x = new Feature[rows.size()][];
		for (int i = 0; i < rows.size(); i++) {
			List<Feature> nodes = new ArrayList<>();
			for (Map.Entry<String, Double> e : rows.get(i).features().entrySet()) {
				Integer at = index.get(e.getKey());
				if (at != null) {
					nodes.add(new FeatureNode(at, e.getValue()));
				}
			}
			nodes.sort(Comparator.comparingInt(Feature::getIndex));
			x[i] = nodes.toArray(Feature[]::new);
		}
		String[] names = new String[index.size() + 1];
		index.forEach((name, at) -> names[at] = name);
		List<Boundary> boundaries = new ArrayList<>();
		Linear.disableDebugOutput();
		for (UrgencyLevel atLeast : ABOVE) {
			Problem problem = new Problem();
			problem.l = rows.size();
			problem.n = index.size() + 1;
			problem.bias = 1;
			problem.x = withBias(x, index.size() + 1);
			problem.y = rows.stream().mapToDouble(r -> r.gold().compareTo(atLeast) >= 0 ? 1 : 0).toArray();
			Linear.resetRandom();
			de.bwaldvogel.liblinear.Model model = Linear.train(problem,
					new Parameter(SolverType.L2R_LR, this.options.cost(), 0.001));
			double[] w = model.getFeatureWeights();
			// LIBLINEAR's weights score its first label; make them score "at least this level"
			double sign = model.getLabels()[0] == 1 ? 1 : -1;
			Map<String, Double> weights = new LinkedHashMap<>();
			for (int j = 1; j < names.length; j++) {
				double weight = sign * w[j - 1];
				if (Math.abs(weight) > 1e-6) {
					weights.put(names[j], round(weight));
				}
			}
			boundaries.add(new Boundary(atLeast, round(sign * w[index.size()]), weights));
		}
		return boundaries;
	}

	private static Feature[][] withBias(Feature[][] x, int biasIndex) {
		Feature[][] out = new Feature[x.length][];
		for (int i = 0; i < x.length; i++) {
			out[i] = Arrays.copyOf(x[i], x[i].length + 1);
			out[i][x[i].length] = new FeatureNode(biasIndex, 1);
		}
		return out;
	}

	private static double round(double value) {
		return Math.round(value * 1e5) / 1e5;
	}

	/** One training row: which case it reads, its level, its reading and its features. */
	record Row(int caseIndex, UrgencyLevel gold, TriageReading reading, Map<String, Double> features) {
	}

	/** The grid search over operating points on out-of-fold probabilities. */
	static final class PointSearch {

		private static final double[] BANDS = { 1.0, 0.85, 0.7, 0.55 };


		private final List<Row> rows;

		private final double[][] p;

		private final UrgencyLevel[] floor;

		private final boolean[] allowed;

		private final double maxUnder;

		private final double minRecall;

		private OperatingPoint best;

		private double[] weight;

		private boolean boundMet;

		/** Whether some point kept out-of-fold under-triage within the bound (else the one with the least). */
		boolean boundMet() {
			return this.boundMet;
		}

		private PointSearch(List<Row> rows, double[][] p, double maxUnder, double minRecall) {
			this.rows = rows;
			this.p = p;
			this.maxUnder = maxUnder;
			this.minRecall = minRecall;
			this.floor = rows.stream()
				.map(r -> r.reading().floorLevel().orElse(UrgencyLevel.SELF_CARE))
				.toArray(UrgencyLevel[]::new);
			this.allowed = new boolean[rows.size()];
			for (int i = 0; i < rows.size(); i++) {
				this.allowed[i] = !rows.get(i).reading().worrying().isEmpty();
			}
		}

		static PointSearch over(List<Row> rows, double[][] p, double maxUnder, double minRecall) {
			PointSearch search = new PointSearch(rows, p, maxUnder, minRecall);
			search.search();
			if (search.best == null && minRecall > 0) {
				// no point reaches the recalls within the bound: the bound comes first
				search = new PointSearch(rows, p, maxUnder, 0);
				search.search();
			}
			return search;
		}

		OperatingPoint best() {
			return this.best;
		}

		private void search() {
			double[][] grid = new double[3][];
			for (int k = 0; k < 3; k++) {
				final int b = k;
				grid[k] = quantiles(Arrays.stream(this.p).mapToDouble(row -> row[b]).toArray(), 40);
			}
			double bestCost = Double.MAX_VALUE;
			OperatingPoint fallback = null;
			double fallbackUnder = Double.MAX_VALUE;
			for (double band : BANDS) {
				for (double e : grid[0]) {
					for (double u : grid[1]) {
						for (double r : grid[2]) {
							OperatingPoint point = new OperatingPoint(e, u, r, band);
							double[] score = score(point);
							if (score[1] <= this.maxUnder && score[0] < bestCost
									&& (score[2] >= this.minRecall && score[3] >= this.minRecall)) {
								bestCost = score[0];
								this.best = point;
							}
							if (score[1] < fallbackUnder || (score[1] == fallbackUnder && fallback != null
									&& score[0] < score(fallback)[0])) {
								fallbackUnder = score[1];
								fallback = point;
							}
						}
					}
				}
			}
			this.boundMet = this.best != null;
			if (this.best == null && this.minRecall == 0) {
				// no point meets the target on these folds: the one that under-triages the fewest emergencies
				this.best = fallback;
			}
		}

		/** {cost per case, share of emergencies under-triaged, routine recall, self-care recall}. */
		private double[] score(OperatingPoint point) {
			if (this.weight == null) {
				int[] counts = new int[4];
				this.rows.forEach(r -> counts[r.gold().ordinal()]++);
				this.weight = new double[4];
				for (int k = 0; k < 4; k++) {
					// each level weighs as much as any other: the rare self-care cases count, too
					this.weight[k] = counts[k] > 0 ? (double) this.rows.size() / (4.0 * counts[k]) : 1;
				}
			}
			double cost = 0;
			int emergencies = 0;
			int under = 0;
			int[] golds = new int[4];
			int[] right = new int[4];
			for (int i = 0; i < this.rows.size(); i++) {
				UrgencyLevel gold = this.rows.get(i).gold();
				UrgencyLevel assigned = point.decide(this.p[i], this.allowed[i]).level().atLeast(this.floor[i]);
				int diff = assigned.compareTo(gold);
				if (diff < 0) {
					cost += this.weight[gold.ordinal()] * (-2.0 * diff + (gold == UrgencyLevel.EMERGENCY ? 10 : 0));
				}
				else {
					cost += this.weight[gold.ordinal()] * diff;
				}
				if (gold == UrgencyLevel.EMERGENCY) {
					emergencies++;
					under += diff < 0 ? 1 : 0;
				}
				golds[gold.ordinal()]++;
				right[gold.ordinal()] += diff == 0 ? 1 : 0;
			}
			return new double[] { cost / this.rows.size(), emergencies == 0 ? 0 : (double) under / emergencies,
					recall(right, golds, UrgencyLevel.ROUTINE), recall(right, golds, UrgencyLevel.SELF_CARE) };
		}

		private static double recall(int[] right, int[] gold, UrgencyLevel level) {
			return gold[level.ordinal()] == 0 ? 1 : (double) right[level.ordinal()] / gold[level.ordinal()];
		}

		/** Accuracy, recall per level and emergency under-triage of a point, out of fold. */
		Map<String, Object> figures(OperatingPoint point) {
			int[][] matrix = new int[4][4];
			for (int i = 0; i < this.rows.size(); i++) {
				UrgencyLevel assigned = point.decide(this.p[i], this.allowed[i]).level().atLeast(this.floor[i]);
				matrix[this.rows.get(i).gold().ordinal()][assigned.ordinal()]++;
			}
			Map<String, Object> out = new LinkedHashMap<>();
			int total = 0;
			int correct = 0;
			for (int g = 0; g < 4; g++) {
				for (int a = 0; a < 4; a++) {
					total += matrix[g][a];
					correct += g == a ? matrix[g][a] : 0;
				}
			}
			out.put("rows", total);
			out.put("accuracy", round(total == 0 ? 0 : (double) correct / total));
			int e = UrgencyLevel.EMERGENCY.ordinal();
			int emergencies = Arrays.stream(matrix[e]).sum();
			out.put("emergencyUnderTriage", round(emergencies == 0 ? 0 : 1 - (double) matrix[e][e] / emergencies));
			Map<String, Double> recall = new LinkedHashMap<>();
			for (UrgencyLevel level : UrgencyLevel.values()) {
				int n = Arrays.stream(matrix[level.ordinal()]).sum();
				recall.put(level.label(), round(n == 0 ? 0 : (double) matrix[level.ordinal()][level.ordinal()] / n));
			}
			out.put("recall", recall);
			return out;
		}

		/** Under-triage against over-triage of emergencies as the emergency threshold moves, the rest held. */
		List<Map<String, Object>> curve() {
			List<Map<String, Object>> points = new ArrayList<>();
			for (double e : new double[] { 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9 }) {
				OperatingPoint point = new OperatingPoint(e, this.best.urgent(), this.best.routine(), this.best.band());
				int emergencies = 0;
				int under = 0;
				int others = 0;
				int over = 0;
				for (int i = 0; i < this.rows.size(); i++) {
					UrgencyLevel assigned = point.decide(this.p[i], this.allowed[i]).level().atLeast(this.floor[i]);
					if (this.rows.get(i).gold() == UrgencyLevel.EMERGENCY) {
						emergencies++;
						under += assigned != UrgencyLevel.EMERGENCY ? 1 : 0;
					}
					else {
						others++;
						over += assigned == UrgencyLevel.EMERGENCY ? 1 : 0;
					}
				}
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("emergencyThreshold", e);
				entry.put("emergenciesUnderTriaged", round(emergencies == 0 ? 0 : (double) under / emergencies));
				entry.put("nonEmergenciesCalledEmergency", round(others == 0 ? 0 : (double) over / others));
				points.add(entry);
			}
			return points;
		}

		private static double[] quantiles(double[] values, int count) {
			double[] sorted = values.clone();
			Arrays.sort(sorted);
			TreeSet<Double> picked = new TreeSet<>();
			for (int q = 1; q < count; q++) {
				double v = sorted[(int) ((long) q * (sorted.length - 1) / count)];
				picked.add(Math.min(0.999, Math.max(0.001, v)));
			}
			return picked.stream().mapToDouble(Double::doubleValue).toArray();
		}

	}

	@Override
	public String toString() {
		return String.format(Locale.ROOT, "AcuityTrainer[C=%.2f, folds=%d]", this.options.cost(), this.options.folds());
	}

}
