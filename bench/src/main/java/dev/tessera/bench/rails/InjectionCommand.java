package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.InjectionFeatures;
import dev.tessera.guardrails.injection.InjectionModel;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.injection.Segments;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Recall and false-positive rate of the {@code prompt-injection} rail as shipped (bundled weights, trained on this
 * project's own examples, none from the evaluation files).
 * <p>
 * BIPIA mode: every attack is inserted into every clean context at the start, in the middle (at the sentence boundary
 * nearest the middle) and at the end, each on its own line; recall is per attack category, the false-positive rate
 * is over the clean contexts. Prompt mode: a CSV of labelled texts.
 */
@Command(name = "injection", mixinStandardHelpOptions = true,
		description = "Prompt-injection rail: recall per attack category and false-positive rate.")
public class InjectionCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	private static final Set<String> POSITIVE_LABELS = Set.of("1", "true", "yes", "injection", "jailbreak",
			"malicious", "attack", "unsafe");

	private static final double[] SWEEP = { 0.5, 0.7, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97 };

	@Option(names = "--contexts", description = "JSONL of clean documents with a 'context' field (BIPIA).")
	Path contexts;

	@Option(names = "--attacks", description = "JSON object: attack category -> list of attack texts (BIPIA); repeatable.")
	List<Path> attacks;

	@Option(names = "--prompts", description = "CSV of labelled prompts instead of BIPIA files.")
	Path prompts;

	@Option(names = "--text-col", defaultValue = "text")
	String textColumn;

	@Option(names = "--label-col", defaultValue = "label")
	String labelColumn;

	@Option(names = "--threshold", defaultValue = "-1", description = "Decision threshold (default: the model's own).")
	double threshold;

	@Option(names = "--folds", defaultValue = "0", description = "Also measure held-out folds: train on the written "
			+ "examples plus the attack categories and contexts of the other folds, test on this fold's (0 = off).")
	int folds;

	@Option(names = "--examples", defaultValue = "guardrails/training/injection-examples.tsv",
			description = "Written training examples used by --folds.")
	Path examples;

	@Option(names = "--cuad", defaultValue = "../shared/data/contracts/cuad_master_clauses.csv",
			description = "CUAD master clauses CSV: benign contract text used by --folds, as in train-injection.")
	Path cuad;

	@Option(names = "--instructions", description = "With --folds: also train on short instructions to an assistant"
			+ " from this folder's labelled sources (positive inside a document) and texts written for a reader (benign):"
			+ " an alternative recipe, measured, not the shipped one.")
	Path instructions;

	@Option(names = "--reader-documents", description = "With --folds: a CSV of documents that instruct their reader"
			+ " (column 'answer', e.g. the COVID FAQ), scored for false positives.")
	Path readerDocuments;

	@Option(names = "--show-false-positives", description = "List what fired on each falsely flagged clean context.")
	boolean showFalsePositives;

	@Option(names = "--out", defaultValue = "bench/target/reports/injection.json")
	Path out;

	private RailContext.Direction direction;

	@Override
	public Integer call() throws Exception {
		if (this.prompts == null && (this.contexts == null || this.attacks == null || this.attacks.isEmpty())) {
			throw new IllegalArgumentException("pass --contexts FILE.jsonl with --attacks FILE.json, or --prompts FILE.csv");
		}
		// BIPIA inserts attacks into documents; labelled prompts are user messages
		this.direction = this.prompts != null ? RailContext.Direction.INPUT : RailContext.Direction.DOCUMENT;
		InjectionClassifier.Scope scope = this.prompts != null ? InjectionClassifier.Scope.MESSAGE
				: InjectionClassifier.Scope.DOCUMENT;
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			InjectionModel model = InjectionClassifier.bundledModel(scope, encoder.name());
			double t = this.threshold > 0 ? this.threshold : model.threshold();
			CachingEmbedder embedder = new CachingEmbedder(encoder);
			InjectionClassifier classifier = new InjectionClassifier(embedder, model);
			PromptInjectionRail rail = new PromptInjectionRail(classifier, classifier);
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("command", "injection");
			report.put("threshold", t);
			report.put("model", "bundled " + scope.resource(encoder.name()) + " (" + model.kind().id() + (scope == InjectionClassifier.Scope.DOCUMENT
					? "; trained on the written examples, the BIPIA training files and CUAD: BIPIA figures are 'trained on'"
					: "; trained on the written examples, BIPIA emails, CUAD and banking77 training questions") + ")");
			String md = this.prompts != null ? prompts(rail, t, report) : bipia(rail, t, report);
			if (this.prompts == null && this.folds > 1) {
				md += folds(embedder, t, report);
			}
			Report.write(this.out, report, md);
		}
		return 0;
	}

	private String bipia(PromptInjectionRail rail, double t, Map<String, Object> report) throws IOException {
		List<String> clean = readContexts(this.contexts);
		Map<String, List<String>> byCategory = readAttacks(this.attacks);
		double[] cleanScores = clean.stream().mapToDouble(text -> rail.score(text, this.direction)).toArray();
		Map<String, double[]> attackScores = new LinkedHashMap<>();
		String[] positions = { "start", "middle", "end" };
		Map<String, int[]> byPosition = new LinkedHashMap<>();
		for (String position : positions) {
			byPosition.put(position, new int[2]);
		}
		for (Map.Entry<String, List<String>> category : byCategory.entrySet()) {
			List<Double> scores = new ArrayList<>();
			for (String attack : category.getValue()) {
				for (String context : clean) {
					for (String position : positions) {
						double score = rail.score(insert(context, attack, position), this.direction);
						scores.add(score);
						byPosition.get(position)[0] += score >= t ? 1 : 0;
						byPosition.get(position)[1]++;
					}
				}
			}
			attackScores.put(category.getKey(), scores.stream().mapToDouble(Double::doubleValue).toArray());
		}
		double fpr = rate(cleanScores, t);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## injection: %d clean contexts from %s, %d attacks in %d categories, 3 positions (threshold %.2f)%n%n"
						+ "| attack category | attacks | inserted texts | recall |%n|---|---:|---:|---:|%n",
				clean.size(), this.contexts.getFileName(), byCategory.values().stream().mapToInt(List::size).sum(),
				byCategory.size(), t));
		Map<String, Object> perCategory = new LinkedHashMap<>();
		long detected = 0;
		long total = 0;
		for (Map.Entry<String, double[]> entry : attackScores.entrySet()) {
			double recall = rate(entry.getValue(), t);
			perCategory.put(entry.getKey(), round(recall));
			detected += Math.round(recall * entry.getValue().length);
			total += entry.getValue().length;
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n", entry.getKey(),
					byCategory.get(entry.getKey()).size(), entry.getValue().length, recall));
		}
		double recall = (double) detected / total;
		md.append(String.format(Locale.ROOT, "| **all** | | %d | **%.3f** |%n%nFalse-positive rate on the clean contexts: **%.3f** (%d of %d).%n%n",
				total, recall, fpr, Math.round(fpr * clean.size()), clean.size()));
		if (this.showFalsePositives) {
			md.append("False positives:\n\n");
			RailContext context = new RailContext("bench", this.direction, Map.of("threshold", Double.toString(t)));
			for (String context1 : clean) {
				dev.tessera.guardrails.Verdict verdict = rail.check(context1, context);
				if (verdict.detected()) {
					md.append("- ").append(verdict.reason().replace("|", "\\|")).append('\n');
				}
			}
			md.append('\n');
		}
		md.append("| position | recall |\n|---|---:|\n");
		Map<String, Object> perPosition = new LinkedHashMap<>();
		byPosition.forEach((position, c) -> {
			perPosition.put(position, round((double) c[0] / c[1]));
			md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", position, (double) c[0] / c[1]));
		});
		md.append("\nThreshold sweep (for choosing a policy's `threshold`; the shipped default is the model's own):\n\n"
				+ "| threshold | recall | false-positive rate |\n|---:|---:|---:|\n");
		List<Map<String, Object>> sweep = new ArrayList<>();
		double[] all = attackScores.values().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
		for (double s : SWEEP) {
			sweep.add(Map.of("threshold", s, "recall", round(rate(all, s)), "falsePositiveRate", round(rate(cleanScores, s))));
			md.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f |%n", s, rate(all, s), rate(cleanScores, s)));
		}
		report.put("contexts", this.contexts.toString());
		report.put("attacks", this.attacks.stream().map(Path::toString).toList());
		report.put("recallPerCategory", perCategory);
		report.put("recallPerPosition", perPosition);
		report.put("recall", round(recall));
		report.put("falsePositiveRate", round(fpr));
		report.put("sweep", sweep);
		return md.toString();
	}

	/**
	 * Held-out estimate: categories and contexts are dealt round-robin into folds; for each fold a model is trained on
	 * the written examples, the attacks of the other folds' categories and the sentences of the other folds' contexts,
	 * then tested on this fold's categories inserted into this fold's contexts, and on this fold's clean contexts.
	 */
	private String folds(CachingEmbedder embedder, double t, Map<String, Object> report) throws IOException {
		List<String> clean = readContexts(this.contexts);
		Map<String, List<String>> byCategory = readAttacks(this.attacks);
		List<String> contracts = InjectionTraining.cuadExcerpts(this.cuad);
		List<String> categories = new ArrayList<>(byCategory.keySet());
		List<String> writtenTexts = new ArrayList<>();
		List<Character> writtenChars = new ArrayList<>();
		TrainInjectionCommand.readExamples(this.examples, writtenTexts, writtenChars);
		List<String> instructions = this.instructions == null ? List.of()
				: TrainInjectionCommand.documentInstructions(this.instructions);
		List<String> readerTexts = this.instructions == null ? List.of()
				: TrainInjectionCommand.readerTexts(this.instructions);
		List<String> readerDocuments = this.readerDocuments == null ? List.of()
				: CsvColumn.read(this.readerDocuments, "answer", 0);
		Map<String, double[]> recallByCategory = new LinkedHashMap<>();
		List<Double> cleanScores = new ArrayList<>();
		List<Double> readerScores = new ArrayList<>();
		String[] positions = { "start", "middle", "end" };
		for (int fold = 0; fold < this.folds; fold++) {
			List<String> trainAttacks = new ArrayList<>();
			for (int c = 0; c < categories.size(); c++) {
				if (c % this.folds != fold) {
					trainAttacks.addAll(byCategory.get(categories.get(c)));
				}
			}
			List<String> trainEmails = new ArrayList<>();
			for (int k = 0; k < clean.size(); k++) {
				if (k % this.folds != fold) {
					trainEmails.add(clean.get(k));
				}
			}
			InjectionModel model = TrainInjectionCommand.calibrated(TrainInjectionCommand
				.documentTraining(writtenTexts, writtenChars, trainAttacks, trainEmails, contracts, instructions,
						readerTexts)
				.train(InjectionFeatures.Kind.EMBEDDING_WORDS_AND_CONTEXT, embedder,
						TrainInjectionCommand.DOCUMENT_OPERATING_POINT, false));
			InjectionClassifier foldClassifier = new InjectionClassifier(embedder, model);
			PromptInjectionRail rail = new PromptInjectionRail(foldClassifier, foldClassifier);
			for (int k = fold; k < clean.size(); k += this.folds) {
				cleanScores.add(rail.score(clean.get(k), this.direction));
			}
			for (int k = fold; k < readerDocuments.size(); k += this.folds) {
				readerScores.add(rail.score(readerDocuments.get(k), this.direction));
			}
			for (int c = fold; c < categories.size(); c += this.folds) {
				List<Double> scores = new ArrayList<>();
				for (String attack : byCategory.get(categories.get(c))) {
					for (int k = fold; k < clean.size(); k += this.folds) {
						for (String position : positions) {
							scores.add(rail.score(insert(clean.get(k), attack, position), this.direction));
						}
					}
				}
				recallByCategory.put(categories.get(c), scores.stream().mapToDouble(Double::doubleValue).toArray());
			}
		}
		double[] cleanAll = cleanScores.stream().mapToDouble(Double::doubleValue).toArray();
		double[] attacksAll = recallByCategory.values().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"%n### Held-out folds (%d): each category and context scored by a model that never saw it%n%n"
						+ "| attack category | recall at %.2f |%n|---|---:|%n", this.folds, t));
		Map<String, Object> perCategory = new LinkedHashMap<>();
		for (String category : categories) {
			double recall = rate(recallByCategory.get(category), t);
			perCategory.put(category, round(recall));
			md.append(String.format(Locale.ROOT, "| %s | %.3f |%n", category, recall));
		}
		md.append(String.format(Locale.ROOT, "| **all** | **%.3f** |%n%nFalse-positive rate on held-out clean contexts: **%.3f**.%n%n"
				+ "| threshold | recall | false-positive rate |%n|---:|---:|---:|%n", rate(attacksAll, t), rate(cleanAll, t)));
		List<Map<String, Object>> sweep = new ArrayList<>();
		for (double s : SWEEP) {
			sweep.add(Map.of("threshold", s, "recall", round(rate(attacksAll, s)), "falsePositiveRate", round(rate(cleanAll, s))));
			md.append(String.format(Locale.ROOT, "| %.2f | %.3f | %.3f |%n", s, rate(attacksAll, s), rate(cleanAll, s)));
		}
		double[] readerAll = readerScores.stream().mapToDouble(Double::doubleValue).toArray();
		if (readerAll.length > 0) {
			md.append(String.format(Locale.ROOT, "%nFalse-positive rate on %d documents that instruct their reader, not"
					+ " the assistant (%s, never trained on): **%.3f**.%n", readerAll.length,
					this.readerDocuments.getFileName(), rate(readerAll, t)));
		}
		Map<String, Object> heldOut = new LinkedHashMap<>();
		heldOut.put("folds", this.folds);
		heldOut.put("recallPerCategory", perCategory);
		heldOut.put("recall", round(rate(attacksAll, t)));
		heldOut.put("falsePositiveRate", round(rate(cleanAll, t)));
		if (readerAll.length > 0) {
			heldOut.put("readerDocumentsFalsePositiveRate", round(rate(readerAll, t)));
		}
		heldOut.put("instructionsTrainedOn", instructions.size());
		heldOut.put("sweep", sweep);
		report.put("heldOutFolds", heldOut);
		return md.toString();
	}

	static List<String> readContexts(Path contexts) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		List<String> clean = new ArrayList<>();
		for (String line : Files.readAllLines(requireFile(contexts))) {
			if (!line.isBlank()) {
				clean.add(json.readTree(line).path("context").asString());
			}
		}
		return clean;
	}

	static Map<String, List<String>> readAttacks(List<Path> attacks) throws IOException {
		JsonMapper json = JsonMapper.builder().build();
		Map<String, List<String>> byCategory = new LinkedHashMap<>();
		for (Path file : attacks) {
			JsonNode root = json.readTree(requireFile(file).toFile());
			root.properties().forEach(entry -> entry.getValue()
				.forEach(attack -> byCategory.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(attack.asString())));
		}
		return byCategory;
	}

	private String prompts(PromptInjectionRail rail, double t, Map<String, Object> report) throws IOException {
		List<Map<String, String>> rows = CsvColumn.rows(this.prompts, 0);
		if (!rows.isEmpty() && (!rows.getFirst().containsKey(this.textColumn) || !rows.getFirst().containsKey(this.labelColumn))) {
			throw new IllegalArgumentException(this.prompts + " needs columns '" + this.textColumn + "' and '"
					+ this.labelColumn + "'; columns: " + rows.getFirst().keySet());
		}
		List<Double> positives = new ArrayList<>();
		List<Double> negatives = new ArrayList<>();
		List<String> wrong = new ArrayList<>();
		for (Map<String, String> row : rows) {
			String text = row.get(this.textColumn);
			if (text == null || text.isBlank()) {
				continue;
			}
			boolean positive = POSITIVE_LABELS.contains(String.valueOf(row.get(this.labelColumn)).strip().toLowerCase(Locale.ROOT));
			double score = rail.score(text, this.direction);
			(positive ? positives : negatives).add(score);
			if (positive != score >= t) {
				wrong.add(String.format(Locale.ROOT, "%s (score %.2f): %s", positive ? "missed" : "flagged", score,
						text.length() > 200 ? text.substring(0, 200) + "…" : text));
			}
		}
		report.put("misjudged", wrong);
		double[] pos = positives.stream().mapToDouble(Double::doubleValue).toArray();
		double[] neg = negatives.stream().mapToDouble(Double::doubleValue).toArray();
		report.put("prompts", this.prompts.toString());
		report.put("positives", pos.length);
		report.put("negatives", neg.length);
		report.put("recall", round(rate(pos, t)));
		report.put("falsePositiveRate", round(rate(neg, t)));
		return String.format(Locale.ROOT,
				"## injection: %d labelled prompts from %s (threshold %.2f)%n%n| injections | benign | recall | false-positive rate |%n|---:|---:|---:|---:|%n| %d | %d | %.3f | %.3f |%n",
				pos.length + neg.length, this.prompts.getFileName(), t, pos.length, neg.length, rate(pos, t), rate(neg, t))
				+ (wrong.isEmpty() || wrong.size() > 50 ? ""
						: "\nMisjudged:\n" + String.join("", wrong.stream().map(w -> "- " + w + "\n").toList()));
	}

	/** The attack on its own line at the start, at the sentence boundary nearest the middle, or at the end. */
	static String insert(String context, String attack, String position) {
		return switch (position) {
			case "start" -> attack + "\n" + context;
			case "end" -> context + "\n" + attack;
			default -> {
				List<Segments.Segment> segments = Segments.of(context);
				int cut = context.length() / 2;
				int best = 0;
				for (Segments.Segment segment : segments) {
					if (Math.abs(segment.end() - cut) < Math.abs(best - cut)) {
						best = segment.end();
					}
				}
				yield context.substring(0, best) + "\n" + attack + "\n" + context.substring(best);
			}
		};
	}

	private static Path requireFile(Path file) {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no data file at " + file.toAbsolutePath()
					+ " (the development data lives in ../shared/data)");
		}
		return file;
	}

	private static double rate(double[] scores, double threshold) {
		if (scores.length == 0) {
			return 0;
		}
		return (double) java.util.Arrays.stream(scores).filter(s -> s >= threshold).count() / scores.length;
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
