package dev.tessera.bench.rails;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.bench.route.RouteCommand;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.turn.rails.PackScopeReferences;
import dev.tessera.guardrails.scope.ScopeRail;
import dev.tessera.guardrails.scope.ScopeReferences;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The scope rail on each demo assistant: its in-scope turns are the pack's labelled turns
 * ({@code examples/routes.csv}, which the scope's references leave out), its out-of-domain questions are real
 * questions of other domains. Reports, for each similarity threshold, the share of in-scope turns called out of scope
 * and the share of each out-of-domain file caught.
 */
@Command(name = "scope", mixinStandardHelpOptions = true,
		description = "Scope rail: in-scope turns called out of scope, and out-of-domain questions caught, per assistant.")
public class ScopeCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--assistant", defaultValue = "ecommerce-support,medical-triage,contract-review", split = ",")
	List<String> assistants;

	@Option(names = "--out-of-domain", split = ",",
			defaultValue = "../shared/data/intent/banking77_test.csv:text,../shared/data/rag/covid_faq.csv:question",
			description = "FILE:COLUMN of questions from other domains.")
	List<String> outOfDomain;

	@Option(names = "--sample", defaultValue = "400", description = "Questions drawn from each out-of-domain file.")
	int sample;

	@Option(names = "--min-similarities", defaultValue = "0.2,0.25,0.3,0.35,0.4,0.45,0.5", split = ",")
	List<Double> minSimilarities;

	@Option(names = "--show-at", defaultValue = "0.3",
			description = "List the in-scope turns called out of scope at this threshold.")
	double showAt;

	@Option(names = "--seed", defaultValue = "42")
	long seed;

	@Option(names = "--out", defaultValue = "bench/target/reports/scope.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		Map<String, List<String>> foreign = new LinkedHashMap<>();
		for (String spec : this.outOfDomain) {
			int colon = spec.lastIndexOf(':');
			Path file = Path.of(spec.substring(0, colon));
			List<String> questions = new ArrayList<>(CsvColumn.read(file, spec.substring(colon + 1), 0));
			Collections.shuffle(questions, new Random(this.seed));
			foreign.put(file.getFileName().toString(), questions.subList(0, Math.min(this.sample, questions.size())));
		}
		List<AssistantDefinition> packs = RouteCommand.readPacks(List.of(RouteCommand.CLASSPATH_PACKS),
				RouteCommand.demoTools());
		PackExamples examples = new PackExamples(new PathMatchingResourcePatternResolver());
		List<Map<String, Object>> rows = new ArrayList<>();
		List<String> misses = new ArrayList<>();
		StringBuilder md = new StringBuilder("## scope\n\n| assistant | references (in / out) | in-scope turns | "
				+ "min-similarity | in-scope called out of scope |");
		foreign.keySet().forEach(name -> md.append(' ').append(name).append(" caught |"));
		md.append("\n|---|---:|---:|---:|---:|").append("---:|".repeat(foreign.size())).append('\n');
		try (SentenceEncoder encoder = this.encoderOption.open(2)) {
			for (String id : this.assistants) {
				AssistantDefinition pack = packs.stream()
					.filter(a -> a.id().equals(id))
					.findFirst()
					.orElseThrow(() -> new IllegalArgumentException("no demo assistant '" + id + "'"));
				ScopeReferences.Reference reference = PackScopeReferences.read(pack, examples.read(pack));
				ScopeRail rail = new ScopeRail(encoder, any -> reference);
				List<String> turns = CsvColumn.read(routesOf(pack), "message", 0);
				List<ScopeRail.Assessment> inScope = assess(rail, id, turns);
				for (int i = 0; i < inScope.size(); i++) {
					ScopeRail.Assessment a = inScope.get(i);
					if (a.nearestIsOutOfScope() || a.inScopeSimilarity() < this.showAt) {
						misses.add(String.format(Locale.ROOT, "- %s at %.2f: \"%s\" (nearest in scope %.2f \"%s\"%s)", id,
								this.showAt, a.text(), a.inScopeSimilarity(), a.nearestInScope(),
								a.nearestIsOutOfScope() ? ", nearer an out-of-scope example \"" + a.nearestOutOfScope() + "\""
										: ""));
					}
				}
				Map<String, List<ScopeRail.Assessment>> outside = new LinkedHashMap<>();
				foreign.forEach((name, questions) -> outside.put(name, assess(rail, id, questions)));
				for (double threshold : this.minSimilarities) {
					Map<String, Object> row = new LinkedHashMap<>();
					row.put("assistant", id);
					row.put("inScopeReferences", reference.inScope().size());
					row.put("outOfScopeReferences", reference.outOfScope().size());
					row.put("inScopeTurns", inScope.size());
					row.put("minSimilarity", threshold);
					double falseOut = outOfScopeRate(inScope, threshold);
					row.put("inScopeCalledOutOfScope", falseOut);
					md.append(String.format(Locale.ROOT, "| %s | %d / %d | %d | %.2f | %.3f |", id,
							reference.inScope().size(), reference.outOfScope().size(), inScope.size(), threshold,
							falseOut));
					Map<String, Double> caught = new LinkedHashMap<>();
					outside.forEach((name, assessed) -> {
						double rate = outOfScopeRate(assessed, threshold);
						caught.put(name, rate);
						md.append(String.format(Locale.ROOT, " %.3f |", rate));
					});
					md.append('\n');
					row.put("outOfDomainCaught", caught);
					rows.add(row);
				}
			}
		}
		md.append("\nIn-scope turns: each pack's examples/routes.csv (not among the scope's references). Out of domain: ")
			.append(this.sample)
			.append(" questions drawn (seed ")
			.append(this.seed)
			.append(") from each file. Banking questions about payments and refunds are partly in scope for a shop, "
					+ "and COVID questions partly for triage.\n");
		md.append("\nIn-scope turns called out of scope:\n\n").append(String.join("\n", misses)).append('\n');
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "scope");
		report.put("inScopeCalledOutOfScope", misses);
		report.put("outOfDomain", this.outOfDomain);
		report.put("sample", this.sample);
		report.put("results", rows);
		Report.write(this.out, report, md.toString());
		return 0;
	}

	private static Path routesOf(AssistantDefinition pack) throws java.io.IOException {
		String source = pack.source();
		String folder = source.substring(0, source.length() - "assistant.yaml".length());
		var resource = new PathMatchingResourcePatternResolver().getResource(folder + "examples/" + PackExamples.ROUTES_FILE);
		Path copy = java.nio.file.Files.createTempFile("routes-", ".csv");
		try (var in = resource.getInputStream()) {
			java.nio.file.Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		}
		copy.toFile().deleteOnExit();
		return copy;
	}

	private static List<ScopeRail.Assessment> assess(ScopeRail rail, String assistantId, List<String> texts) {
		List<ScopeRail.Assessment> assessed = new ArrayList<>();
		for (String text : texts) {
			ScopeRail.Assessment assessment = rail.assess(text, assistantId);
			if (assessment != null) {
				assessed.add(assessment);
			}
		}
		return assessed;
	}

	private static double outOfScopeRate(List<ScopeRail.Assessment> assessed, double threshold) {
		long out = assessed.stream()
			.filter(a -> a.nearestIsOutOfScope() || a.inScopeSimilarity() < threshold)
			.count();
		return assessed.isEmpty() ? Double.NaN : (double) out / assessed.size();
	}

}
