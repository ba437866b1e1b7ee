package dev.tessera.bench.rails;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import org.HdrHistogram.Histogram;
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
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.RailPolicy;
import dev.tessera.guardrails.abuse.AbusiveLanguageRail;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.guardrails.scope.ScopeRail;
import dev.tessera.guardrails.scope.ScopeReferences;
import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Latency of each rail and of a whole input + output chain on texts of about 1 KB and 10 KB, built from real
 * sentences with personal data mixed in. The input chain is the demo packs' (pii, instruction-override,
 * prompt-injection, abusive-language, scope with the e-commerce pack's references), the output chain pii,
 * abusive-language, grounding (the text as a reply quoting itself as its source) and required-notice. One thread,
 * after a warm-up.
 */
@Command(name = "rails-latency", mixinStandardHelpOptions = true,
		description = "p50/p95 latency per rail and for the whole input + output chain on 1 KB and 10 KB texts.")
public class RailsLatencyCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--data", defaultValue = "../shared/data/rag/covid_faq.csv", description = "CSV of real text.")
	Path data;

	@Option(names = "--column", defaultValue = "answer")
	String column;

	@Option(names = "--sizes", defaultValue = "1024,10240", split = ",", description = "Text sizes in bytes.")
	List<Integer> sizes;

	@Option(names = "--iterations", defaultValue = "300", description = "Measured runs per rail and size.")
	int iterations;

	@Option(names = "--warmup", defaultValue = "100")
	int warmup;


	@Option(names = "--threads", defaultValue = "1", description = "ONNX Runtime intra-op threads.")
	int threads;

	@Option(names = "--out", defaultValue = "bench/target/reports/rails-latency.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<String> sentences = CsvColumn.read(this.data, this.column, 400);
		try (SentenceEncoder encoder = this.encoderOption.open(this.threads)) {
			PromptInjectionRail injection = PromptInjectionRail.bundled(encoder);
			// the scope of the e-commerce demo assistant, read from its pack as the server reads it
			AssistantDefinition shop = RouteCommand.readPacks(List.of(RouteCommand.CLASSPATH_PACKS), RouteCommand.demoTools())
				.stream()
				.filter(a -> a.id().equals("ecommerce-support"))
				.findFirst()
				.orElseThrow();
			ScopeReferences.Reference scope = PackScopeReferences.read(shop,
					new PackExamples(new PathMatchingResourcePatternResolver()).read(shop));
			dev.tessera.guardrails.language.LanguageRail language = new dev.tessera.guardrails.language.LanguageRail();
			language.warmUp(java.util.Set.of("en"));
			List<Rail> rails = List.of(language, new PiiPatternRail(), new InstructionOverrideRail(), injection,
					new AbusiveLanguageRail(), new ScopeRail(encoder, id -> scope), new GroundingRail(encoder),
					new RequiredNoticeRail());
			RailChain chain = new RailChain(rails);
			Map<String, String> notice = Map.of("notice", "This is general guidance, not a diagnosis.");
			// the demo packs' rails (e-commerce support's, plus the notice of the other two); every rail records only
			// (ALLOW), so each one runs on every text
			RailPolicy input = new RailPolicy(List.of(new RailPolicy.Entry("language", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("pii", RailAction.REDACT, Map.of()),
					new RailPolicy.Entry("instruction-override", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("prompt-injection", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("abusive-language", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("scope", RailAction.ALLOW, Map.of())));
			RailPolicy output = new RailPolicy(List.of(new RailPolicy.Entry("pii", RailAction.REDACT, Map.of()),
					new RailPolicy.Entry("abusive-language", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("grounding", RailAction.ALLOW, Map.of()),
					new RailPolicy.Entry("required-notice", RailAction.REWRITE, notice)));
			RailPolicy inputWithoutScope = new RailPolicy(
					input.entries().stream().filter(e -> !e.rail().equals("scope")).toList());
			RailPolicy inputWithoutEncoder = new RailPolicy(input.entries()
				.stream()
				.filter(e -> !e.rail().equals("prompt-injection") && !e.rail().equals("scope"))
				.toList());
			List<Map<String, Object>> rows = new ArrayList<>();
			StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
					"## rails-latency: %d runs after %d warm-up, one thread, encoder %s, %d intra-op thread(s)%n%n"
							+ "| what | text | p50 ms | p95 ms | max ms |%n|---|---:|---:|---:|---:|%n",
					this.iterations, this.warmup, encoder.name(), this.threads));
			for (int size : this.sizes) {
				List<String> texts = texts(sentences, size, 16);
				for (Rail rail : rails) {
					boolean reply = rail instanceof RequiredNoticeRail || rail instanceof GroundingRail;
					Map<String, String> settings = rail instanceof RequiredNoticeRail ? notice : Map.of();
					// grounding checks the text as a reply quoting its source (the template responder's case)
					row(rows, md, rail.name(), size, texts, text -> () -> rail.check(text,
							new RailContext("bench", reply ? RailContext.Direction.OUTPUT : RailContext.Direction.INPUT,
									settings, new PlaceholderVault(), reply ? List.of(text) : List.of())));
				}
				// what any rail reading the text's meaning needs first (scope reads exactly this)
				row(rows, md, "one encoder pass over the whole text (no rail)", size, texts,
						text -> () -> encoder.embed(List.of(text)));
				// a fresh context per run: its memo of vectors would otherwise serve the sentences from the last run
				row(rows, md, "prompt-injection on a document (ingestion)", size, texts, text -> () -> injection
					.check(text, new RailContext("bench", RailContext.Direction.DOCUMENT, Map.of())));
				// as in a turn: one memo of vectors for the whole turn, so the message is embedded once for every rail
				row(rows, md, "input chain (a user's message)", size, texts, text -> () -> chain.run(text, "bench",
						RailContext.Direction.INPUT, input, new PlaceholderVault(), List.of(), new EmbeddingMemo()));
				row(rows, md, "input + output chain", size, texts, text -> () -> {
					EmbeddingMemo turn = new EmbeddingMemo();
					RailChain.RailChainResult in = chain.run(text, "bench", RailContext.Direction.INPUT, input,
							new PlaceholderVault(), List.of(), turn);
					return chain.run(in.text(), "bench", RailContext.Direction.OUTPUT, output, in.vault(),
							List.of(in.text()), turn);
				});
				row(rows, md, "input + output chain without scope (in a turn its encoder pass is the retrieval query's)",
						size, texts, text -> () -> {
							RailChain.RailChainResult in = chain.run(text, "bench", RailContext.Direction.INPUT,
									inputWithoutScope);
							return chain.run(in.text(), "bench", RailContext.Direction.OUTPUT, output, in.vault(),
									List.of(in.text()));
						});
				row(rows, md, "input + output chain without the encoder's rails (prompt-injection, scope)", size, texts,
						text -> () -> {
							RailChain.RailChainResult in = chain.run(text, "bench", RailContext.Direction.INPUT,
									inputWithoutEncoder);
							return chain.run(in.text(), "bench", RailContext.Direction.OUTPUT, output, in.vault(),
									List.of(in.text()));
						});
			}
			// the ratio from runs taken in turn, so that both sides meet the same moments of a shared machine
			md.append("\nIn turn, text by text (the pass, then the input chain with a fresh memo):\n\n"
					+ "| text | one encoder pass p95 ms | input chain p95 ms | ratio |\n|---:|---:|---:|---:|\n");
			for (int size : this.sizes) {
				List<String> texts = texts(sentences, size, 16);
				Histogram pass = new Histogram(3);
				Histogram inputChain = new Histogram(3);
				for (int i = 0; i < this.warmup + this.iterations; i++) {
					String text = texts.get(i % texts.size());
					long started = System.nanoTime();
					encoder.embed(List.of(text));
					long passed = System.nanoTime();
					chain.run(text, "bench", RailContext.Direction.INPUT, input, new PlaceholderVault(), List.of(),
							new EmbeddingMemo());
					long chained = System.nanoTime();
					if (i >= this.warmup) {
						pass.recordValue((passed - started) / 1_000);
						inputChain.recordValue((chained - passed) / 1_000);
					}
				}
				double passP95 = pass.getValueAtPercentile(95) / 1000.0;
				double chainP95 = inputChain.getValueAtPercentile(95) / 1000.0;
				md.append(String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f |%n",
						size >= 1024 ? size / 1024 + " KB" : size + " B", passP95, chainP95, chainP95 / passP95));
				rows.add(Map.of("what", "input chain over one encoder pass, in turn", "bytes", size, "passP95Ms", passP95,
						"inputChainP95Ms", chainP95, "ratio", chainP95 / passP95));
			}
			md.append("\nTexts: sentences of ").append(this.data.getFileName())
				.append(" with an email address, a phone number and a name mixed in; 16 different texts per size, cycled.\n");
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("command", "rails-latency");
			report.put("data", this.data.toString());
			report.put("encoder", encoder.name());
			report.put("threads", this.threads);
			report.put("results", rows);
			Report.write(this.out, report, md.toString());
		}
		return 0;
	}

	private void row(List<Map<String, Object>> rows, StringBuilder md, String what, int size, List<String> texts,
			java.util.function.Function<String, Supplier<Object>> work) {
		for (int i = 0; i < this.warmup; i++) {
			work.apply(texts.get(i % texts.size())).get();
		}
		Histogram histogram = new Histogram(3);
		for (int i = 0; i < this.iterations; i++) {
			Supplier<Object> run = work.apply(texts.get(i % texts.size()));
			long started = System.nanoTime();
			run.get();
			histogram.recordValue((System.nanoTime() - started) / 1_000);
		}
		double p50 = histogram.getValueAtPercentile(50) / 1000.0;
		double p95 = histogram.getValueAtPercentile(95) / 1000.0;
		double max = histogram.getMaxValue() / 1000.0;
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("what", what);
		row.put("bytes", size);
		row.put("p50Ms", p50);
		row.put("p95Ms", p95);
		row.put("maxMs", max);
		rows.add(row);
		md.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.2f | %.2f |%n", what,
				size >= 1024 ? size / 1024 + " KB" : size + " B", p50, p95, max));
	}

	/** Texts of about {@code size} bytes: consecutive sentences, with personal data in the first part. */
	static List<String> texts(List<String> sentences, int size, int count) {
		List<String> texts = new ArrayList<>();
		for (int k = 0; k < count; k++) {
			StringBuilder text = new StringBuilder("Hello, I am Megan Carey (megan.carey@example.com, 541-714-1388). ");
			int i = k * 7;
			while (text.length() < size) {
				text.append(sentences.get(i++ % sentences.size()).replaceAll("\\s+", " ")).append(' ');
			}
			texts.add(text.substring(0, size));
		}
		return texts;
	}

}
