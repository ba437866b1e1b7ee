package dev.tessera.bench.rails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.LogisticRegression;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Trains the prompt-injection classifier: embeds labelled examples with the bundled encoder (full precision) and fits
 * logistic regression; deterministic, so the same examples give the same weights. The output is the resource the
 * guardrails module ships.
 */
@Command(name = "train-injection", mixinStandardHelpOptions = true,
		description = "Train the prompt-injection classifier (logistic regression on sentence embeddings).")
public class TrainInjectionCommand implements Callable<Integer> {

	static final double L2 = 1e-4;

	static final int STEPS = 3000;

	static final double LEARNING_RATE = 4.0;

	@Option(names = "--examples", defaultValue = "guardrails/training/injection-examples.tsv",
			description = "TSV with a header: label (1 = injection, 0 = benign, D = injection only inside a document), text.")
	Path examples;

	@Option(names = "--threshold", defaultValue = "0.5", description = "Decision threshold stored with the weights.")
	double threshold;

	@Option(names = "--weights-dir", defaultValue = "guardrails/src/main/resources",
			description = "Resource root the weights are written under.")
	Path weightsDir;

	@Option(names = "--out", defaultValue = "bench/target/reports/train-injection.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<String> texts = new ArrayList<>();
		List<Character> labels = new ArrayList<>();
		readExamples(this.examples, texts, labels);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "train-injection");
		report.put("examples", this.examples.toString());
		report.put("l2", L2);
		report.put("steps", STEPS);
		report.put("learningRate", LEARNING_RATE);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## train-injection: %d examples from %s%n%n| scope | injections | benign | training accuracy | weights |%n|---|---:|---:|---:|---|%n",
				texts.size(), this.examples));
		try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(false, 0,
				new ConcurrencyGate("train", 1, 0, Duration.ofSeconds(1)))) {
			List<float[]> vectors = encoder.embed(texts);
			for (InjectionClassifier.Scope scope : InjectionClassifier.Scope.values()) {
				List<Boolean> positive = labels(labels, scope);
				LogisticRegression model = LogisticRegression.train(vectors, positive, L2, STEPS, LEARNING_RATE,
						this.threshold);
				Path file = this.weightsDir.resolve(scope.resource().substring(1));
				model.write(file);
				int correct = 0;
				for (int i = 0; i < texts.size(); i++) {
					correct += (model.probability(vectors.get(i)) >= this.threshold) == positive.get(i) ? 1 : 0;
				}
				long positives = positive.stream().filter(Boolean::booleanValue).count();
				report.put(scope.name().toLowerCase(Locale.ROOT), Map.of("positives", positives, "negatives",
						texts.size() - positives, "trainingAccuracy", (double) correct / texts.size(), "weights", file.toString()));
				md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f | %s |%n", scope, positives,
						texts.size() - positives, (double) correct / texts.size(), file));
			}
		}
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** D (a request that is only injected inside a document) is positive for documents, negative for messages. */
	static List<Boolean> labels(List<Character> labels, InjectionClassifier.Scope scope) {
		return labels.stream().map(l -> l == '1' || (l == 'D' && scope == InjectionClassifier.Scope.DOCUMENT)).toList();
	}

	static void readExamples(Path file, List<String> texts, List<Character> labels) throws java.io.IOException {
		if (!Files.isRegularFile(file)) {
			throw new IllegalArgumentException("no examples file at " + file.toAbsolutePath());
		}
		List<String> lines = Files.readAllLines(file);
		for (int i = 1; i < lines.size(); i++) {
			String line = lines.get(i);
			if (line.isBlank()) {
				continue;
			}
			int tab = line.indexOf('\t');
			if (tab != 1 || "01D".indexOf(line.charAt(0)) < 0) {
				throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'label<TAB>text' with label 0, 1 or D");
			}
			labels.add(line.charAt(0));
			texts.add(line.substring(tab + 1));
		}
	}

}
