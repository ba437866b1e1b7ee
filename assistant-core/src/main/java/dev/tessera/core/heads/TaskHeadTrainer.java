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

/**
 * Trains task heads on a frozen encoder:
 * <ol>
 * <li>split each label's examples into a training part and a held-out part (seeded);</li>
 * <li>embed every text once;</li>
 * <li>train the classifier on the training part's in-scope examples;</li>
 * <li>fit the temperature on the held-out in-scope examples;</li>
 * <li>set the out-of-scope threshold: the one that makes the most right decisions on the held-out part when it has
 * out-of-scope examples, else the confidence below which the configured share of held-out in-scope examples
 * falls;</li>
 * <li>evaluate the calibrated head on the held-out part.</li>
 * </ol>
 */
public final class TaskHeadTrainer {

	private final TextEmbedder embedder;

	public TaskHeadTrainer(TextEmbedder embedder) {
		this.embedder = embedder;
	}

	public TrainedHead train(String name, TrainingSet data, HeadTrainingOptions options) {
		String oos = options.outOfScopeLabel();
		Map<String, List<Integer>> byLabel = new LinkedHashMap<>();
		for (int i = 0; i < data.examples().size(); i++) {
			byLabel.computeIfAbsent(data.examples().get(i).label(), l -> new ArrayList<>()).add(i);
		}
		List<String> inScope = new ArrayList<>(new TreeSet<>(byLabel.keySet()));
		inScope.remove(oos);
		if (inScope.size() < 2) {
			throw new InvalidTrainingDataException("a head needs at least two labels besides '" + oos + "'; the data has "
					+ inScope);
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
		// 1. split
		Random random = new Random(options.seed());
		List<Integer> fit = new ArrayList<>();
		List<Integer> heldOut = new ArrayList<>();
		for (List<Integer> indices : byLabel.values()) {
			List<Integer> shuffled = new ArrayList<>(indices);
			Collections.shuffle(shuffled, random);
			int held = (int) Math.min(shuffled.size() - 1,
					Math.max(1, Math.round(shuffled.size() * options.calibrationShare())));
			heldOut.addAll(shuffled.subList(0, held));
			fit.addAll(shuffled.subList(held, shuffled.size()));
		}
		Collections.sort(fit);
		Collections.sort(heldOut);
		// 2. embed once
		List<String> texts = data.texts();
		List<float[]> embeddings = this.embedder.embed(texts);
		// 3. train
		List<Integer> fitInScope = fit.stream().filter(i -> !label(data, i).equals(oos)).toList();
		TribuoClassifier classifier = TribuoClassifier.train(
				options.features().extract(pick(texts, fitInScope), pick(embeddings, fitInScope)),
				fitInScope.stream().map(i -> label(data, i)).toList(), options.algorithm(), options.epochs(),
				options.learningRate(), options.seed());
		HeadSpec uncalibrated = new HeadSpec(name, 0, classifier.labels(), this.embedder.name(), options.features(),
				options.algorithm(), options.epochs(), options.learningRate(), options.seed(), 1.0, 0.0, oos,
				data.sha256(), data.examples().size(), Instant.now());
		TaskHead head = new TaskHead(uncalibrated, classifier, this.embedder);
		// 4. temperature
		List<String> heldTexts = pick(texts, heldOut);
		List<String> heldGold = heldOut.stream().map(i -> label(data, i)).toList();
		double[][] logits = head.logits(heldTexts, pick(embeddings, heldOut));
		List<Integer> heldInScope = new ArrayList<>();
		for (int r = 0; r < heldGold.size(); r++) {
			if (!heldGold.get(r).equals(oos)) {
				heldInScope.add(r);
			}
		}
		double[][] inScopeLogits = heldInScope.stream().map(r -> logits[r]).toArray(double[][]::new);
		int[] inScopeGold = heldInScope.stream().mapToInt(r -> classifier.labels().indexOf(heldGold.get(r))).toArray();
		double temperature = TemperatureScaling.fit(inScopeLogits, inScopeGold);
		// 5. threshold
		List<HeadPrediction> calibrated = head.decide(logits, temperature, 0);
		boolean hasOutOfScope = heldInScope.size() < heldGold.size();
		double threshold = hasOutOfScope ? bestThreshold(calibrated, heldGold, oos)
				: rejectionThreshold(heldInScope.stream().mapToDouble(r -> calibrated.get(r).confidence()).toArray(),
						options.inScopeRejection());
		HeadSpec spec = new HeadSpec(name, 0, classifier.labels(), this.embedder.name(), options.features(),
				options.algorithm(), options.epochs(), options.learningRate(), options.seed(), temperature, threshold,
				oos, data.sha256(), data.examples().size(), Instant.now());
		TaskHead trained = head.withSpec(spec);
		// 6. evaluate
		HeadEvaluation evaluation = HeadEvaluation.of(heldGold, trained.decide(logits, temperature, threshold),
				hasOutOfScope ? oos : null);
		double eceBefore = HeadEvaluation.ece(heldGold, head.decide(logits, 1.0, 0), oos);
		return new TrainedHead(trained, evaluation, eceBefore, fitInScope.size());
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
				String decided = p.confidence() < candidate ? oos : p.label();
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

	private static String label(TrainingSet data, int index) {
		return data.examples().get(index).label();
	}

	private static <T> List<T> pick(List<T> values, List<Integer> indices) {
		return indices.stream().map(values::get).collect(Collectors.toList());
	}

}
