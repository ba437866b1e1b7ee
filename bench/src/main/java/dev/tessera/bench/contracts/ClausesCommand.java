package dev.tessera.bench.contracts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.contracts.CuadClauses.Contract;
import dev.tessera.bench.contracts.CuadClauses.Excerpt;
import dev.tessera.bench.contracts.CuadClauses.Split;
import dev.tessera.bench.report.Report;
import dev.tessera.core.heads.HeadAlgorithm;
import dev.tessera.core.heads.HeadFeatures;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The clause-type head on CUAD, split by contract:
 * <ol>
 * <li>read the master clauses CSV and build one example per excerpt of the chosen categories
 * ({@link CuadClauses#CATEGORIES});</li>
 * <li>split the contracts (seeded): {@code --test-share} of them are the test contracts, {@code --validation-share}
 * of the rest the validation contracts, the remainder the fitting contracts;</li>
 * <li>train every variant with the project's head trainer on the fitting contracts and score it on the validation
 * contracts; choose the best validation macro-F1;</li>
 * <li>train the chosen variant on all training contracts (fitting + validation) and report it on the test contracts,
 * which took part in no choice: accuracy, macro-F1, per-category precision, recall and F1, the most frequent
 * confusions;</li>
 * <li>with {@code --pack-examples}, also train a head on a pack's own examples (as the server does) and score it on
 * the test excerpts of the categories it knows.</li>
 * </ol>
 */
@Command(name = "clauses", mixinStandardHelpOptions = true,
		description = "Clause-type classification on CUAD, split by contract: macro-F1, per-category F1 and accuracy on"
				+ " test contracts; variants chosen on validation contracts.")
public class ClausesCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--cuad", required = true, description = "CUAD's master clauses CSV (cuad_master_clauses.csv).")
	Path cuad;

	@Option(names = "--test-share", defaultValue = "0.2", description = "Share of contracts held out for the test.")
	double testShare;

	@Option(names = "--validation-share", defaultValue = "0.2",
			description = "Share of the remaining (training) contracts the variants are chosen on.")
	double validationShare;

	@Option(names = "--variants", split = ",",
			defaultValue = "embedding/logistic-regression/10/0.5,embedding+words/logistic-regression/10/0.5,"
					+ "embedding+words/logistic-regression/20/0.5,embedding+words/logistic-regression/20/1.0",
			description = "features/algorithm/epochs/learning-rate, comma-separated.")
	List<String> variants;

	@Option(names = "--pack-examples",
			description = "A pack's clause-type examples (CSV text,label): train a head on them and score it on the"
					+ " test excerpts of the categories it knows.")
	Path packExamples;


	@Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = all cores).")
	int threads;

	@Option(names = "--seed", defaultValue = "42")
	long seed;

	@Option(names = "--cache", defaultValue = "bench/target/cache",
			description = "Folder for the excerpts' embeddings (they take minutes); keyed by the texts and encoder.")
	Path cacheFolder;

	@Option(names = "--out", defaultValue = "bench/target/reports/clauses.json")
	Path out;

	/** CUAD label to the contract-review pack's label, for the categories the pack's head knows. */
	static final Map<String, String> PACK_LABELS = Map.ofEntries(Map.entry("governing_law", "governing_law"),
			Map.entry("termination_for_convenience", "termination"), Map.entry("renewal", "renewal"),
			Map.entry("limitation_of_liability", "limitation_of_liability"), Map.entry("assignment", "assignment"),
			Map.entry("change_of_control", "change_of_control"), Map.entry("non_compete", "non_compete"),
			Map.entry("exclusivity", "exclusivity"), Map.entry("audit_rights", "audit_rights"),
			Map.entry("insurance", "insurance"), Map.entry("ip_ownership", "ip_ownership"),
			Map.entry("warranty_duration", "warranty"));

	private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

	/** The pack head's test scores, for the Markdown table. */
	private Scores packScores;

	@Override
	public Integer call() throws Exception {
		TRIBUO_LOG.setLevel(Level.WARNING);
		List<Contract> contracts = CuadClauses.read(this.cuad);
		Split split = CuadClauses.split(contracts, this.testShare, this.validationShare, this.seed);
		List<Excerpt> fit = CuadClauses.singleLabel(split.fit());
		List<Excerpt> validation = CuadClauses.singleLabel(split.validation());
		List<Excerpt> train = CuadClauses.singleLabel(split.train());
		List<Excerpt> test = CuadClauses.singleLabel(split.test());
		List<Excerpt> testMulti = CuadClauses.multiLabel(split.test());
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "clauses");
		report.put("data", this.cuad.toString());
		report.put("seed", this.seed);
		report.put("contracts", Map.of("fit", split.fit().size(), "validation", split.validation().size(), "test",
				split.test().size()));
		report.put("categories", CuadClauses.CATEGORIES);
		report.put("singleLabelExcerpts", Map.of("fit", fit.size(), "validation", validation.size(), "test",
				test.size()));
		report.put("multiLabelExcerptsLeftOut", Map.of("train", CuadClauses.multiLabel(split.train()).size(), "test",
				testMulti.size()));
		Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
		counts.put("fit", CuadClauses.counts(fit));
		counts.put("validation", CuadClauses.counts(validation));
		counts.put("test", CuadClauses.counts(test));
		report.put("excerptsPerCategory", counts);

		try (SentenceEncoder sentenceEncoder = this.encoderOption.open(this.threads)) {
			List<String> allTexts = CuadClauses.distinctTexts(train, test, testMulti);
			long started = System.nanoTime();
			CachingEmbedder embedder = new CachingEmbedder(sentenceEncoder);
			embedder.load(allTexts, this.cacheFolder, "clauses");
			report.put("encoder", sentenceEncoder.name());
			report.put("embeddingSeconds", round((System.nanoTime() - started) / 1e9, 1));
			TaskHeadTrainer trainer = new TaskHeadTrainer(embedder);

			// 1. variants: fit on the fitting contracts, choose on the validation contracts
			List<Map<String, Object>> rows = new ArrayList<>();
			String chosen = null;
			double bestF1 = -1;
			for (String variant : this.variants) {
				HeadTrainingOptions options = parse(variant);
				long t0 = System.nanoTime();
				TrainedHead head = trainer.train("clause-type", examples(fit), options);
				double seconds = (System.nanoTime() - t0) / 1e9;
				Scores scores = Scores.of(labels(validation), decide(head.head(), validation));
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("variant", variant);
				row.put("validationAccuracy", round(scores.accuracy(), 4));
				row.put("validationMacroF1", round(scores.macroF1(), 4));
				row.put("trainSeconds", round(seconds, 1));
				rows.add(row);
				System.out.printf(Locale.ROOT, "%s: validation accuracy %.4f, macro-F1 %.4f (%.1f s)%n", variant,
						scores.accuracy(), scores.macroF1(), seconds);
				if (scores.macroF1() > bestF1) {
					bestF1 = scores.macroF1();
					chosen = variant;
				}
			}
			report.put("variants", rows);
			report.put("chosen", chosen);

			// 2. the chosen variant on all training contracts, scored once on the test contracts
			long t0 = System.nanoTime();
			TrainedHead head = trainer.train("clause-type", examples(train), parse(chosen));
			report.put("chosenTrainSeconds", round((System.nanoTime() - t0) / 1e9, 1));
			List<String> predicted = decide(head.head(), test);
			Scores scores = Scores.of(labels(test), predicted);
			report.put("test", scores.toMap());
			int anyOf = 0;
			List<String> multiPredicted = decide(head.head(), testMulti);
			for (int i = 0; i < testMulti.size(); i++) {
				anyOf += testMulti.get(i).labels().contains(multiPredicted.get(i)) ? 1 : 0;
			}
			report.put("testMultiLabelAnyOfAccuracy", testMulti.isEmpty() ? null : round((double) anyOf / testMulti.size(), 4));

			// 3. the pack's own head, trained on its examples only
			if (this.packExamples != null) {
				report.put("packHead", packHead(trainer, test));
			}
			Report.write(this.out, report, markdown(report, rows, scores));
		}
		return 0;
	}

	private Map<String, Object> packHead(TaskHeadTrainer trainer, List<Excerpt> test) {
		TrainingSet examples = TrainingSet.fromCsv(this.packExamples, "text", "label");
		TrainedHead head = trainer.train("clause-type", examples, HeadTrainingOptions.defaults());
		List<Excerpt> known = test.stream()
			.filter(e -> PACK_LABELS.containsKey(e.labels().iterator().next())
					&& examples.labels().contains(PACK_LABELS.get(e.labels().iterator().next())))
			.toList();
		List<HeadPrediction> predictions = head.head().predict(known.stream().map(Excerpt::text).toList());
		List<String> gold = known.stream().map(e -> PACK_LABELS.get(e.labels().iterator().next())).toList();
		List<String> decided = predictions.stream()
			.map(p -> p.outOfScope() ? HeadTrainingOptions.OUT_OF_SCOPE : p.label())
			.toList();
		long none = decided.stream().filter(HeadTrainingOptions.OUT_OF_SCOPE::equals).count();
		Scores scores = Scores.of(gold, decided);
		this.packScores = scores;
		Map<String, Object> pack = new LinkedHashMap<>();
		pack.put("examples", this.packExamples.toString());
		pack.put("trainingExamples", examples.examples().size());
		pack.put("labels", examples.labels());
		pack.put("labelMapping", new TreeMap<>(PACK_LABELS));
		pack.put("testExcerpts", known.size());
		pack.put("noneOfTheseRate", round((double) none / Math.max(1, known.size()), 4));
		pack.put("test", scores.toMap());
		return pack;
	}

	HeadTrainingOptions parse(String variant) {
		String[] parts = variant.split("/");
		if (parts.length != 4) {
			throw new IllegalArgumentException(
					"a variant is features/algorithm/epochs/learning-rate, e.g. embedding/logistic-regression/10/0.5; got '"
							+ variant + "'");
		}
		return new HeadTrainingOptions(HeadFeatures.fromId(parts[0]), HeadAlgorithm.fromId(parts[1]),
				Integer.parseInt(parts[2]), Double.parseDouble(parts[3]), this.seed, 0.1,
				HeadTrainingOptions.OUT_OF_SCOPE, 0.05, 3000);
	}

	private static TrainingSet examples(List<Excerpt> excerpts) {
		return TrainingSet.of(excerpts.stream()
			.map(e -> new LabelledExample(e.text(), e.labels().iterator().next()))
			.toList());
	}

	private static List<String> labels(List<Excerpt> excerpts) {
		return excerpts.stream().map(e -> e.labels().iterator().next()).toList();
	}

	/** The head's most probable label for each excerpt: a closed-set decision, every excerpt is a clause. */
	private static List<String> decide(TaskHead head, List<Excerpt> excerpts) {
		if (excerpts.isEmpty()) {
			return List.of();
		}
		return head.predict(excerpts.stream().map(Excerpt::text).toList()).stream().map(HeadPrediction::label).toList();
	}

	private String markdown(Map<String, Object> report, List<Map<String, Object>> rows, Scores test) {
		StringBuilder md = new StringBuilder();
		@SuppressWarnings("unchecked")
		Map<String, Integer> contracts = (Map<String, Integer>) report.get("contracts");
		@SuppressWarnings("unchecked")
		Map<String, Integer> excerpts = (Map<String, Integer>) report.get("singleLabelExcerpts");
		@SuppressWarnings("unchecked")
		Map<String, Integer> multi = (Map<String, Integer>) report.get("multiLabelExcerptsLeftOut");
		md.append(String.format(Locale.ROOT, "## clauses: %s, %d categories, encoder %s%n%n", this.cuad.getFileName(),
				CuadClauses.CATEGORIES.size(), report.get("encoder")));
		md.append(String.format(Locale.ROOT,
				"Contracts split by a seeded shuffle (seed %d): %d test (%.0f%%), %d validation (%.0f%% of the rest),"
						+ " %d fitting. Single-label excerpts: %d fitting, %d validation, %d test. Excerpts with two or"
						+ " more of the chosen categories (%d in training contracts, %d in test) are not trained on."
						+ " Variants are chosen by validation macro-F1; the chosen one is retrained on fitting +"
						+ " validation contracts and scored once on the test contracts.%n%n",
				this.seed, contracts.get("test"), 100 * this.testShare, contracts.get("validation"),
				100 * this.validationShare, contracts.get("fit"), excerpts.get("fit"), excerpts.get("validation"),
				excerpts.get("test"), multi.get("train"), multi.get("test")));
		md.append("| variant | validation accuracy | validation macro-F1 | train s |\n|---|---:|---:|---:|\n");
		for (Map<String, Object> row : rows) {
			md.append(String.format(Locale.ROOT, "| %s%s | %.4f | %.4f | %.1f |%n", row.get("variant"),
					row.get("variant").equals(report.get("chosen")) ? " (chosen)" : "", row.get("validationAccuracy"),
					row.get("validationMacroF1"), row.get("trainSeconds")));
		}
		md.append(String.format(Locale.ROOT,
				"%n### test contracts: %s%n%naccuracy %.4f, **macro-F1 %.4f** over %d excerpts%s%n%n",
				report.get("chosen"), test.accuracy(), test.macroF1(), test.total(),
				report.get("testMultiLabelAnyOfAccuracy") == null ? ""
						: String.format(Locale.ROOT, "; multi-label excerpts: predicted label among theirs %.4f",
								report.get("testMultiLabelAnyOfAccuracy"))));
		md.append(test.table());
		if (report.containsKey("packHead")) {
			@SuppressWarnings("unchecked")
			Map<String, Object> pack = (Map<String, Object>) report.get("packHead");
			@SuppressWarnings("unchecked")
			Map<String, Object> packTest = (Map<String, Object>) pack.get("test");
			md.append(String.format(Locale.ROOT,
					"%n### the pack's head (%s examples, written for the pack) on the same test excerpts%n%n"
							+ "%s test excerpts of the %d categories it knows: accuracy %.4f, macro-F1 %.4f;"
							+ " \"none of these\" for %.1f%% (counted wrong).%n",
					pack.get("trainingExamples"), pack.get("testExcerpts"), PACK_LABELS.size(),
					packTest.get("accuracy"), packTest.get("macroF1"), 100 * (double) pack.get("noneOfTheseRate")));
			md.append('\n').append(this.packScores.table());
		}
		return md.toString();
	}

	static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

	/**
	 * Accuracy, macro-F1 and per-label precision, recall and F1 of single-label decisions. Macro-F1 averages over
	 * the gold labels (a label predicted but never gold counts against precision of the others, not as a label).
	 */
	record Scores(int total, double accuracy, double macroF1, Map<String, double[]> perLabel,
			Map<String, Integer> confusions) {

		static Scores of(List<String> gold, List<String> predicted) {
			Map<String, int[]> counts = new LinkedHashMap<>(); // tp, fp, fn
			gold.stream().sorted().forEach(g -> counts.putIfAbsent(g, new int[3]));
			Map<String, Integer> confusions = new HashMap<>();
			int right = 0;
			for (int i = 0; i < gold.size(); i++) {
				String g = gold.get(i);
				String p = predicted.get(i);
				if (g.equals(p)) {
					counts.get(g)[0]++;
					right++;
				}
				else {
					counts.get(g)[2]++;
					if (counts.containsKey(p)) {
						counts.get(p)[1]++;
					}
					confusions.merge(g + " -> " + p, 1, Integer::sum);
				}
			}
			Map<String, double[]> perLabel = new LinkedHashMap<>();
			double sum = 0;
			for (Map.Entry<String, int[]> e : counts.entrySet()) {
				int[] c = e.getValue();
				double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
				double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
				double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
				perLabel.put(e.getKey(), new double[] { precision, recall, f1, c[0] + c[2] });
				sum += f1;
			}
			Map<String, Integer> top = new LinkedHashMap<>();
			confusions.entrySet()
				.stream()
				.sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
				.limit(10)
				.forEach(e -> top.put(e.getKey(), e.getValue()));
			return new Scores(gold.size(), gold.isEmpty() ? 0 : (double) right / gold.size(),
					counts.isEmpty() ? 0 : sum / counts.size(), perLabel, top);
		}

		Map<String, Object> toMap() {
			Map<String, Object> m = new LinkedHashMap<>();
			m.put("excerpts", this.total);
			m.put("accuracy", round(this.accuracy, 4));
			m.put("macroF1", round(this.macroF1, 4));
			Map<String, Object> labels = new LinkedHashMap<>();
			this.perLabel.forEach((label, v) -> labels.put(label, Map.of("precision", round(v[0], 4), "recall",
					round(v[1], 4), "f1", round(v[2], 4), "support", (int) v[3])));
			m.put("perCategory", labels);
			m.put("topConfusions", this.confusions);
			return m;
		}

		String table() {
			StringBuilder md = new StringBuilder("| category | support | precision | recall | F1 |\n|---|---:|---:|---:|---:|\n");
			this.perLabel.entrySet()
				.stream()
				.sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[2]))
				.forEach(e -> md.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.3f |%n", e.getKey(),
						(int) e.getValue()[3], e.getValue()[0], e.getValue()[1], e.getValue()[2])));
			md.append("\nMost frequent confusions (gold -> predicted): ");
			md.append(String.join(", ", this.confusions.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).toList()));
			md.append('\n');
			return md.toString();
		}

	}

}
