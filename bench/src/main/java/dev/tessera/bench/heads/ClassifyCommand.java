package dev.tessera.bench.heads;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.machine.MachineFacts;
import dev.tessera.bench.report.Report;
import dev.tessera.core.heads.HeadAlgorithm;
import dev.tessera.core.heads.HeadEvaluation;
import dev.tessera.core.heads.HeadFeatures;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.NeighbourIndex;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Trains task-head variants on a training CSV, picks one by its accuracy on the held-out part of the training data
 * (the test set plays no part in any choice), and reports every variant's test figures and the chosen one's
 * calibration and selective curve.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
		description = "Task heads on the frozen encoder: accuracy, macro-F1, out-of-scope recall, calibration error"
				+ " and the selective (escalation) curve on a test CSV.")
public class ClassifyCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--train", required = true, description = "Training CSV with a header row.")
	Path train;

	@Option(names = "--test", required = true, description = "Test CSV with the same columns.")
	Path test;

	@Option(names = "--text-col", defaultValue = "text")
	String textColumn;

	@Option(names = "--label-col", defaultValue = "label")
	String labelColumn;

	@Option(names = "--oos-label", description = "Label of out-of-scope examples, when the data has them.")
	String outOfScopeLabel;

	@Option(names = "--holdout-labels", defaultValue = "0",
			description = "Simulate out-of-scope queries: drop this many labels (seeded choice) from the training data"
					+ " and relabel their test examples with the out-of-scope label.")
	int holdoutLabels;

	@Option(names = "--train-per-label", defaultValue = "0",
			description = "Train on at most this many examples of each label (seeded choice; 0 = all): a pack written"
					+ " with a few examples per intent, as most are.")
	int trainPerLabel;

	@Option(names = "--in-scope-rejection", defaultValue = "0.05",
			description = "Without out-of-scope training examples, the threshold rejects this share of held-out"
					+ " in-scope examples.")
	double inScopeRejection;


	@Option(names = "--variants", split = ",",
			defaultValue = "embedding/logistic-regression/10/0.5,embedding+words/logistic-regression/10/0.5",
			description = "features/algorithm/epochs/learning-rate, comma-separated; the first is the anchor.")
	List<String> variants;

	@Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = all cores).")
	int threads;

	@Option(names = "--seed", defaultValue = "42")
	long seed;

	@Option(names = "--out", defaultValue = "bench/target/reports/classify.json")
	Path out;

	// Tribuo logs every training's label counts at INFO; the report says what matters
	private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

	@Override
	public Integer call() throws Exception {
		TRIBUO_LOG.setLevel(Level.WARNING);
		TrainingSet trainSet = TrainingSet.fromCsv(this.train, this.textColumn, this.labelColumn);
		TrainingSet testSet = TrainingSet.fromCsv(this.test, this.textColumn, this.labelColumn);
		String oos = this.outOfScopeLabel != null ? this.outOfScopeLabel : HeadTrainingOptions.OUT_OF_SCOPE;
		List<String> heldOutLabels = List.of();
		if (this.holdoutLabels > 0) {
			List<String> labels = new ArrayList<>(trainSet.labels());
			labels.remove(oos);
			if (this.holdoutLabels > labels.size() - 2) {
				throw new IllegalArgumentException("--holdout-labels must leave at least two labels; the data has "
						+ labels.size());
			}
			Collections.shuffle(labels, new Random(this.seed));
			heldOutLabels = List.copyOf(new TreeSet<>(labels.subList(0, this.holdoutLabels)));
			Set<String> unseen = Set.copyOf(heldOutLabels);
			trainSet = TrainingSet.of(trainSet.examples().stream().filter(e -> !unseen.contains(e.label())).toList());
			testSet = TrainingSet.of(testSet.examples()
				.stream()
				.map(e -> unseen.contains(e.label()) ? new LabelledExample(e.text(), oos) : e)
				.toList());
		}
		if (this.trainPerLabel > 0) {
			trainSet = fewPerLabel(trainSet, this.trainPerLabel, new Random(this.seed));
		}
		Map<String, Object> report = new LinkedHashMap<>();
		List<Map<String, Object>> rows = new ArrayList<>();
		try (SentenceEncoder sentenceEncoder = this.encoderOption.open(this.threads)) {
			// embeddings are cached for this run only: every variant trains on the same vectors
			CachingEmbedder embedder = new CachingEmbedder(sentenceEncoder);
			LinkedHashSet<String> all = new LinkedHashSet<>(trainSet.texts());
			all.addAll(testSet.texts());
			long started = System.nanoTime();
			embedder.embed(new ArrayList<>(all));
			double embedSeconds = (System.nanoTime() - started) / 1e9;
			report.put("command", "classify");
			report.put("train", this.train.toString());
			report.put("test", this.test.toString());
			report.put("trainExamples", trainSet.examples().size());
			report.put("testExamples", testSet.examples().size());
			report.put("trainSha256", trainSet.sha256());
			report.put("labels", trainSet.labels().size());
			report.put("labelsHeldOutAsOutOfScope", heldOutLabels);
			report.put("trainPerLabel", this.trainPerLabel);
			report.put("encoder", sentenceEncoder.name());
			report.put("embeddingSeconds", round(embedSeconds, 1));
			report.put("distinctTexts", all.size());
			report.put("machine", MachineFacts.fp32PeakFlops(Runtime.getRuntime().availableProcessors()));

			TaskHeadTrainer trainer = new TaskHeadTrainer(embedder);
			List<String> gold = testSet.examples().stream().map(LabelledExample::label).toList();
			boolean testHasOos = gold.contains(oos);
			TrainedHead chosen = null;
			HeadEvaluation chosenTest = null;
			String chosenId = null;
			double bestHeldOut = -1;
			for (String variant : this.variants) {
				HeadTrainingOptions options = parse(variant, oos);
				long t0 = System.nanoTime();
				TrainedHead trained = trainer.train("bench", trainSet, options);
				double trainSeconds = (System.nanoTime() - t0) / 1e9;
				t0 = System.nanoTime();
				List<HeadPrediction> predictions = trained.head().predict(testSet.texts());
				double predictSeconds = (System.nanoTime() - t0) / 1e9;
				HeadEvaluation onTest = HeadEvaluation.of(gold, predictions, testHasOos ? oos : null);
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("variant", variant);
				row.put("heldOutAccuracy", round(trained.heldOut().accuracy(), 4));
				row.put("heldOutEce", round(trained.heldOut().expectedCalibrationError(), 4));
				row.put("temperature", round(trained.head().spec().temperature(), 4));
				row.put("testAccuracy", round(onTest.accuracy(), 4));
				row.put("testMacroF1", round(onTest.macroF1(), 4));
				row.put("testEce", round(onTest.expectedCalibrationError(), 4));
				row.put("testEceBeforeScaling", round(uncalibratedEce(trained, testSet, gold), 4));
				row.put("testAurc", round(onTest.selective().aurc(), 4));
				row.put("trainSeconds", round(trainSeconds, 1));
				row.put("predictSeconds", round(predictSeconds, 2));
				rows.add(row);
				System.out.printf(Locale.ROOT, "%s: held-out %.4f, test %.4f, ECE %.4f, %.1f s%n", variant,
						trained.heldOut().accuracy(), onTest.accuracy(), onTest.expectedCalibrationError(),
						trainSeconds);
				if (trained.heldOut().accuracy() > bestHeldOut) {
					bestHeldOut = trained.heldOut().accuracy();
					chosen = trained;
					chosenTest = onTest;
					chosenId = variant;
				}
			}
			report.put("variants", rows);
			report.put("chosen", chosenId);
			report.put("chosenTest", evaluation(chosenTest));
			report.put("chosenHeldOut", evaluation(chosen.heldOut()));
			report.put("outOfScopeThreshold", chosen.head().spec().outOfScopeThreshold());
			StringBuilder oosMd = new StringBuilder();
			if (testHasOos) {
				List<String> inScopeTexts = trainSet.examples()
					.stream()
					.filter(e -> !e.label().equals(oos))
					.map(LabelledExample::text)
					.toList();
				OutOfScopeScores scores = new OutOfScopeScores(NeighbourIndex.of(embedder.embed(inScopeTexts)),
						embedder.embed(testSet.texts()), gold, chosen.head().predict(testSet.texts()), oos);
				oosMd.append(String.format(Locale.ROOT, "%n### out-of-scope scores (chosen head)%n%nThresholds from the"
						+ " training data only (each set to reject %.0f%% of in-scope held-out or training examples); the"
						+ " test set chooses nothing.%n%n",
						100 * this.inScopeRejection));
				report.put("outOfScopeScores", scores.measure(this.inScopeRejection, 2000,
						chosen.head().spec().outOfScopeThreshold(), oosMd));
			}
			Report.write(this.out, report, markdown(report, rows, chosenId, chosenTest, testHasOos) + oosMd);
		}
		return 0;
	}

	/** The chosen variant's ECE on the test set with temperature 1, to show what scaling changed. */
	private static double uncalibratedEce(TrainedHead trained, TrainingSet testSet, List<String> gold) {
		List<HeadPrediction> raw = trained.head().predictUncalibrated(testSet.texts());
		return HeadEvaluation.of(gold, raw, null).expectedCalibrationError();
	}

	HeadTrainingOptions parse(String variant, String oos) {
		String[] parts = variant.split("/");
		if (parts.length != 4) {
			throw new IllegalArgumentException(
					"a variant is features/algorithm/epochs/learning-rate, e.g. embedding/logistic-regression/10/0.5; got '"
							+ variant + "'");
		}
		return new HeadTrainingOptions(HeadFeatures.fromId(parts[0]), HeadAlgorithm.fromId(parts[1]),
				Integer.parseInt(parts[2]), Double.parseDouble(parts[3]), this.seed, 0.1, oos, this.inScopeRejection,
				3000);
	}

	static Map<String, Object> evaluation(HeadEvaluation e) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put("examples", e.examples());
		m.put("accuracy", round(e.accuracy(), 4));
		m.put("macroF1", round(e.macroF1(), 4));
		m.put("expectedCalibrationError", round(e.expectedCalibrationError(), 4));
		m.put("outOfScopeRecall", Double.isNaN(e.outOfScopeRecall()) ? null : round(e.outOfScopeRecall(), 4));
		m.put("overallAccuracyByEscalationRate", e.selective().overallAccuracy());
		m.put("escalationRateForAccuracy", e.selective().escalationForAccuracy());
		m.put("aurc", round(e.selective().aurc(), 4));
		return m;
	}

	private String markdown(Map<String, Object> report, List<Map<String, Object>> rows, String chosenId,
			HeadEvaluation test, boolean testHasOos) {
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## classify: %s -> %s (%s train, %s test, %s labels), encoder %s%n%n"
						+ "Embedding %s distinct texts took %s s. Variants are chosen by accuracy on the held-out 10%% of"
						+ " the training data; the test set plays no part in any choice.%n%n"
						+ "| variant | held-out acc | test acc | test macro-F1 | test ECE (before scaling) | AURC | T | train s |%n"
						+ "|---|---:|---:|---:|---:|---:|---:|---:|%n",
				this.train.getFileName(), this.test.getFileName(), report.get("trainExamples"),
				report.get("testExamples"), report.get("labels"), report.get("encoder"), report.get("distinctTexts"),
				report.get("embeddingSeconds")));
		for (Map<String, Object> row : rows) {
			md.append(String.format(Locale.ROOT, "| %s%s | %.2f%% | %.2f%% | %.4f | %.4f (%.4f) | %.4f | %.3f | %.1f |%n",
					row.get("variant"), row.get("variant").equals(chosenId) ? " (chosen)" : "",
					100 * (double) row.get("heldOutAccuracy"), 100 * (double) row.get("testAccuracy"),
					row.get("testMacroF1"), row.get("testEce"), row.get("testEceBeforeScaling"), row.get("testAurc"),
					row.get("temperature"), row.get("trainSeconds")));
		}
		md.append(String.format(Locale.ROOT,
				"%n### chosen: %s%n%naccuracy %.2f%%, macro-F1 %.4f, ECE (15 bins) %.4f, AURC %.4f%s%n%n",
				chosenId, 100 * test.accuracy(), test.macroF1(), test.expectedCalibrationError(),
				test.selective().aurc(), testHasOos
						? String.format(Locale.ROOT, ", out-of-scope recall %.2f%%", 100 * test.outOfScopeRecall()) : ""));
		if (!((List<?>) report.get("labelsHeldOutAsOutOfScope")).isEmpty()) {
			md.append(String.format(Locale.ROOT,
					"Out of scope: the labels %s were left out of training and their test examples relabelled '%s';"
							+ " threshold %.4f (rejects %.0f%% of held-out in-scope training examples).%n%n",
					report.get("labelsHeldOutAsOutOfScope"), this.outOfScopeLabel != null ? this.outOfScopeLabel
							: HeadTrainingOptions.OUT_OF_SCOPE, report.get("outOfScopeThreshold"),
					100 * this.inScopeRejection));
		}
		md.append("| overall accuracy target | escalation rate needed |\n|---:|---:|\n");
		test.selective().escalationForAccuracy().forEach((target, rate) -> md
			.append(String.format(Locale.ROOT, "| %.0f%% | %.1f%% |%n", 100 * target, 100 * rate)));
		md.append("\n| escalated (least confident first) | overall accuracy |\n|---:|---:|\n");
		test.selective().overallAccuracy().forEach((rate, accuracy) -> md
			.append(String.format(Locale.ROOT, "| %.0f%% | %.2f%% |%n", 100 * rate, 100 * accuracy)));
		md.append("\nOverall accuracy counts escalated items as answered right (a perfect large model or person).\n");
		return md.toString();
	}

	static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

	/** At most {@code perLabel} examples of each label, chosen at random, in the data's order. */
	static TrainingSet fewPerLabel(TrainingSet set, int perLabel, Random random) {
		Map<String, List<Integer>> positions = new LinkedHashMap<>();
		List<LabelledExample> examples = set.examples();
		for (int i = 0; i < examples.size(); i++) {
			positions.computeIfAbsent(examples.get(i).label(), label -> new ArrayList<>()).add(i);
		}
		Set<Integer> kept = new java.util.HashSet<>();
		positions.values().forEach(list -> {
			List<Integer> shuffled = new ArrayList<>(list);
			Collections.shuffle(shuffled, random);
			kept.addAll(shuffled.subList(0, Math.min(perLabel, shuffled.size())));
		});
		List<LabelledExample> chosen = new ArrayList<>();
		for (int i = 0; i < examples.size(); i++) {
			if (kept.contains(i)) {
				chosen.add(examples.get(i));
			}
		}
		return TrainingSet.of(chosen);
	}

}
