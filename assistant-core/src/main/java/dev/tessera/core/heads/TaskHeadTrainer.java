package dev.tessera.core.heads;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.tessera.core.heads.HeadFeatures.FeatureVector;
import dev.tessera.inference.encoder.TextEmbedder;

/**
 * Trains task heads on a frozen encoder:
 * <ol>
 * <li>embed every text once;</li>
 * <li>get held-out scores for calibration: with at least {@link HeadTrainingOptions#crossFitBelow()} examples, hold
 * out a share of each label and train on the rest; with fewer, train five times, each time holding out a different
 * fifth of each label (cross-fitting), so that every example gets a held-out score and a small data set is not
 * calibrated on a handful of examples;</li>
 * <li>fit the temperature on the held-out scores of in-scope examples;</li>
 * <li>set the out-of-scope threshold: the one that makes the most right decisions on the held-out scores when the
 * data has out-of-scope examples, else the confidence below which the configured share of held-out in-scope examples
 * falls;</li>
 * <li>with at least {@link #MIN_EXAMPLES_PER_LABEL_FOR_NEIGHBOURS} in-scope examples per label, keep their
 * embeddings ({@link NeighbourIndex}) and the similarity below which the same share of them, each judged against the
 * others, would be refused: a message less like every example than that is out of scope, whatever the classifier says
 * (this needs no out-of-scope rows, and adds to them where a pack has them);</li>
 * <li>evaluate the calibrated decisions on the held-out scores (the classifier's decisions: the neighbour gate is
 * measured by {@code bench classify}, since held-out examples are among the neighbours);</li>
 * <li>the head's classifier is the one trained on the training part (split), or one trained on all examples
 * (cross-fitting).</li>
 * </ol>
 * Out-of-scope examples, when the data has them, are one more class of the classifier (a text the classifier puts
 * there is out of scope) and set the threshold below which an in-scope label is not trusted either.
 */
public final class TaskHeadTrainer {

	static final int FOLDS = 5;

	/** Examples judged to set the neighbour threshold (all of them in a pack of this size or fewer). */
	static final int NEIGHBOUR_SAMPLE = 2000;

	/** In-scope examples per label, on average, from which a head keeps them for the neighbour gate. */
	static final int MIN_EXAMPLES_PER_LABEL_FOR_NEIGHBOURS = 50;

	/** The neighbour threshold of a head with too few examples: every similarity passes. */
	static final double NO_NEIGHBOUR_GATE = -1;

	private final TextEmbedder embedder;

	public TaskHeadTrainer(TextEmbedder embedder) {
		this.embedder = embedder;
	}

	public TrainedHead train(String name, TrainingSet data, HeadTrainingOptions options) {
		String oos = options.outOfScopeLabel();
		Map<String, List<Integer>> byLabel = byLabel(data);
		List<String> inScope = new ArrayList<>(new TreeSet<>(byLabel.keySet()));
		inScope.remove(oos);
		if (inScope.size() < 2) {
			throw new InvalidTrainingDataException(
					"a head needs at least two labels besides '" + oos + "'; the data has " + inScope);
		}
		List<String> tooFew = byLabel.entrySet()
			.stream()
			.filter(e -> e.getValue().size() < 2)
			.map(Map.Entry::getKey)
			.sorted()
			.toList();
		if (!tooFew.isEmpty()) {
			throw new InvalidTrainingDataException(
					"every label needs at least two examples (one to train on, one to calibrate with); these have one: "
							+ tooFew);
		}
		List<String> classes = new ArrayList<>(new TreeSet<>(byLabel.keySet()));
		List<String> texts = data.texts();
		List<String> gold = data.examples().stream().map(LabelledExample::label).toList();
		// 1. embed once
		List<float[]> embeddings = this.embedder.embed(texts);
		List<FeatureVector> features = options.features().extract(texts, embeddings);
		// 2. held-out scores
		boolean crossFit = data.examples().size() < options.crossFitBelow();
		List<List<Integer>> heldOutParts = crossFit ? folds(byLabel, options.seed())
				: List.of(split(byLabel, options.calibrationShare(), options.seed()));
		List<Integer> heldOut = new ArrayList<>();
		List<double[]> heldOutLogits = new ArrayList<>();
		TribuoClassifier classifier = null;
		for (List<Integer> part : heldOutParts) {
			TribuoClassifier model = trainWithout(part, features, gold, options);
			List<String> labels = model.labels();
			if (!labels.equals(classes)) {
				// a label whose every example fell in this part: cannot happen with >= 2 examples per label
				throw new IllegalStateException("a fold lost labels: " + labels + " vs " + classes);
			}
			heldOut.addAll(part);
			heldOutLogits.addAll(List.of(model.logProbabilities(pick(features, part))));
			classifier = model;
		}
		int trainedOn;
		if (crossFit) {
			classifier = trainWithout(List.of(), features, gold, options);
			trainedOn = gold.size();
		}
		else {
			trainedOn = gold.size() - heldOut.size();
		}
		double[][] logits = heldOutLogits.toArray(double[][]::new);
		List<String> heldGold = heldOut.stream().map(gold::get).toList();
		// 3. temperature, on every held-out example (out-of-scope ones are a class too)
		double temperature = TemperatureScaling.fit(logits,
				heldGold.stream().mapToInt(classes::indexOf).toArray());
		// 4. how close a message must be to an in-scope example: the share of the examples, each judged against the
		// others, that would be refused
		List<float[]> inScopeEmbeddings = new ArrayList<>();
		for (int i = 0; i < gold.size(); i++) {
			if (!gold.get(i).equals(oos)) {
				inScopeEmbeddings.add(embeddings.get(i));
			}
		}
		// with few examples per label they are closer to each other than real messages come to them, and the gate
		// would refuse in-scope messages (bench classify: no gain at 15 per label, a gain at 130 and 240)
		boolean enoughExamples = inScopeEmbeddings.size() >= MIN_EXAMPLES_PER_LABEL_FOR_NEIGHBOURS * inScope.size();
		NeighbourIndex neighbours = enoughExamples ? NeighbourIndex.of(inScopeEmbeddings) : null;
		// two gates share the rejection the pack accepts: half each, so that together they refuse about that share
		double share = enoughExamples ? options.inScopeRejection() / 2 : options.inScopeRejection();
		double neighbourThreshold = enoughExamples ? neighbours.rejectionThreshold(share, NEIGHBOUR_SAMPLE)
				: NO_NEIGHBOUR_GATE;
		// 5. the probability threshold
		List<Integer> heldInScope = new ArrayList<>();
		for (int r = 0; r < heldGold.size(); r++) {
			if (!heldGold.get(r).equals(oos)) {
				heldInScope.add(r);
			}
		}
		boolean oosClass = classes.contains(oos);
		HeadSpec uncalibrated = spec(name, data, options, inScope, oosClass, 1.0, 0.0, 0.0);
		TaskHead head = new TaskHead(uncalibrated, classifier, this.embedder);
		List<HeadPrediction> calibrated = head.decide(logits, temperature, 0);
		boolean hasOutOfScope = heldInScope.size() < heldGold.size();
		double threshold = hasOutOfScope ? bestThreshold(calibrated, heldGold, oos)
				: rejectionThreshold(heldInScope.stream().mapToDouble(r -> calibrated.get(r).confidence()).toArray(),
						share);
		TaskHead trained = head.withSpec(spec(name, data, options, inScope, oosClass, temperature, threshold,
				neighbourThreshold)).withNeighbours(neighbours);
		// 6. evaluate
		List<HeadPrediction> decisions = trained.decide(logits, temperature, threshold);
		HeadEvaluation evaluation = HeadEvaluation.of(heldGold, decisions, hasOutOfScope ? oos : null);
		double eceBefore = HeadEvaluation.ece(heldGold, head.decide(logits, 1.0, 0), oos);
		return new TrainedHead(trained, evaluation, eceBefore, trainedOn, crossFit ? FOLDS : 0,
				new TrainedHead.HeldOutDecisions(heldGold, decisions));
	}

	private HeadSpec spec(String name, TrainingSet data, HeadTrainingOptions options, List<String> labels,
			boolean oosClass, double temperature, double threshold, double neighbourThreshold) {
		return new HeadSpec(name, 0, labels, this.embedder.name(), options.features(), options.algorithm(),
				options.epochs(), options.learningRate(), options.seed(), temperature, threshold,
				options.outOfScopeLabel(), oosClass, data.sha256(), data.examples().size(), Instant.now(),
				neighbourThreshold);
	}

	private static TribuoClassifier trainWithout(List<Integer> excluded, List<FeatureVector> features,
			List<String> gold, HeadTrainingOptions options) {
		boolean[] skip = new boolean[gold.size()];
		excluded.forEach(i -> skip[i] = true);
		List<FeatureVector> x = new ArrayList<>();
		List<String> y = new ArrayList<>();
		for (int i = 0; i < gold.size(); i++) {
			if (!skip[i]) {
				x.add(features.get(i));
				y.add(gold.get(i));
			}
		}
		return TribuoClassifier.train(x, y, options.algorithm(), options.epochs(), options.learningRate(),
				options.seed());
	}

	private static Map<String, List<Integer>> byLabel(TrainingSet data) {
		Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
		for (int i = 0; i < data.examples().size(); i++) {
			byLabel.computeIfAbsent(data.examples().get(i).label(), l -> new ArrayList<>()).add(i);
		}
		return byLabel;
	}

	/** A seeded share of each label's examples (at least one, never all). */
	static List<Integer> split(Map<String, List<Integer>> byLabel, double share, long seed) {
		Random random = new Random(seed);
		List<Integer> heldOut = new ArrayList<>();
		for (List<Integer> indices : byLabel.values()) {
			List<Integer> shuffled = new ArrayList<>(indices);
			Collections.shuffle(shuffled, random);
			int held = (int) Math.min(shuffled.size() - 1, Math.max(1, Math.round(shuffled.size() * share)));
			heldOut.addAll(shuffled.subList(0, held));
		}
		Collections.sort(heldOut);
		return heldOut;
	}

	/**
	 * Stratified folds: each label's shuffled examples dealt round-robin, starting at a different fold per label so
	 * that labels with few examples do not all land in the first folds. A label with fewer examples than folds keeps
	 * at least one example outside every fold.
	 */
	static List<List<Integer>> folds(Map<String, List<Integer>> byLabel, long seed) {
		Random random = new Random(seed);
		List<List<Integer>> folds = new ArrayList<>();
		for (int f = 0; f < FOLDS; f++) {
			folds.add(new ArrayList<>());
		}
		int start = 0;
		for (List<Integer> indices : byLabel.values()) {
			List<Integer> shuffled = new ArrayList<>(indices);
			Collections.shuffle(shuffled, random);
			for (int k = 0; k < shuffled.size(); k++) {
				folds.get((start + k) % FOLDS).add(shuffled.get(k));
			}
			start = (start + shuffled.size()) % FOLDS;
		}
		folds.removeIf(List::isEmpty);
		folds.forEach(Collections::sort);
		return folds;
	}

	/** The threshold with the most right decisions on held-out data with out-of-scope examples (lowest on ties). */
	static double bestThreshold(List<HeadPrediction> predictions, List<String> gold, String oos) {
		double[] candidates = predictions.stream().mapToDouble(HeadPrediction::confidence).sorted().toArray();
		double best = 0;
		int bestRight = -1;
		for (double candidate : prepend(0, candidates)) {
			int right = 0;
			for (int i = 0; i < gold.size(); i++) {
				HeadPrediction p = predictions.get(i);
				String decided = p.outOfScope() || p.confidence() < candidate ? oos : p.label();
				right += decided.equals(gold.get(i)) ? 1 : 0;
			}
			if (right > bestRight) {
				bestRight = right;
				best = candidate;
			}
		}
		return best;
	}

	/** The confidence below which {@code share} of the given confidences fall. */
	static double rejectionThreshold(double[] confidences, double share) {
		double[] sorted = confidences.clone();
		Arrays.sort(sorted);
		int below = (int) Math.floor(share * sorted.length);
		return below == 0 ? 0 : sorted[below];
	}

	private static double[] prepend(double first, double[] rest) {
		double[] all = new double[rest.length + 1];
		all[0] = first;
		System.arraycopy(rest, 0, all, 1, rest.length);
		return all;
	}

	private static <T> List<T> pick(List<T> values, List<Integer> indices) {
		return indices.stream().map(values::get).collect(Collectors.toList());
	}

}
