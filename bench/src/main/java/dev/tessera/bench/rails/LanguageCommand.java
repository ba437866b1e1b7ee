package dev.tessera.bench.rails;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.language.LanguageRail;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The language rail of an English-only assistant: how many messages in other languages it stops, how many attacks in
 * other languages are stopped before the English rails (or by the injection rail, in case the language rail let one
 * through), and how often English is taken for another language (false refusals) on real requests and on short or
 * mixed English (product names, foreign names, order numbers).
 * <p>
 * The rail's two settings (at least {@code LanguageIdentifier.MIN_LETTERS} letters of evidence; refuse when English's
 * relative confidence is below 0.85) were chosen on the Bitext training requests and the short-English list; the other
 * English files were not looked at while choosing them.
 */
@Command(name = "language", mixinStandardHelpOptions = true,
		description = "Language rail: messages and attacks in other languages stopped, English falsely refused.")
public class LanguageCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--other", defaultValue = "bench/data/languages/messages.csv",
			description = "CSV with language (ISO 639-1), kind (request or attack) and text: messages in other languages.")
	Path other;

	@Option(names = "--english", split = ",",
			defaultValue = "bench/data/languages/short-english.txt:line:chosen on,"
					+ "../shared/data/intent/bitext_customer_service_train.csv:utterance:chosen on,"
					+ "../shared/data/intent/bitext_customer_service_test.csv:utterance:not tuned on,"
					+ "../shared/data/intent/banking77_test.csv:text:not tuned on,"
					+ "../shared/data/triage/ktas_train.csv:patient_case:not tuned on,"
					+ "../shared/data/injection/arena_hard_questions.jsonl:turns:not tuned on",
			description = "FILE:COLUMN:LABEL of English text (COLUMN 'line' for a text file, 'turns' for arena-hard JSONL).")
	List<String> english;

	@Option(names = "--show", defaultValue = "10", description = "Misjudged texts listed per file.")
	int show;

	@Option(names = "--out", defaultValue = "bench/target/reports/language.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		LanguageRail rail = new LanguageRail();
		// load the models first: the time reported is a message's, not the first message's
		rail.warmUp(java.util.Set.of("en"));
		RailContext context = new RailContext("bench", RailContext.Direction.INPUT, Map.of("serves", "en"));
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "language");
		StringBuilder md = new StringBuilder();
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			PromptInjectionRail injection = PromptInjectionRail.bundled(encoder);
			report.put("other", other(rail, injection, context, md));
		}
		report.put("english", english(rail, context, md));
		Report.write(this.out, report, md.toString());
		return 0;
	}

	private Map<String, Object> other(LanguageRail rail, PromptInjectionRail injection, RailContext context,
			StringBuilder md) throws Exception {
		// language -> kind -> [messages, stopped by the language rail, attacks stopped by either rail]
		Map<String, Map<String, int[]>> counts = new TreeMap<>();
		List<String> missed = new ArrayList<>();
		long nanos = 0;
		int judged = 0;
		RailContext injectionContext = new RailContext("bench", RailContext.Direction.INPUT, Map.of("threshold", "0.8"));
		for (Map<String, String> row : CsvColumn.rows(this.other, 0)) {
			String text = row.get("text");
			long started = System.nanoTime();
			Verdict verdict = rail.check(text, context);
			nanos += System.nanoTime() - started;
			judged++;
			boolean attack = row.get("kind").equals("attack");
			boolean stopped = verdict.detected() || attack && injection.check(text, injectionContext).detected();
			int[] count = counts.computeIfAbsent(row.get("language"), l -> new TreeMap<>())
				.computeIfAbsent(row.get("kind"), k -> new int[3]);
			count[0]++;
			count[1] += verdict.detected() ? 1 : 0;
			count[2] += stopped ? 1 : 0;
			if (!verdict.detected()) {
				missed.add(row.get("language") + " " + row.get("kind") + ": " + text + " -> " + verdict.reason());
			}
		}
		md.append("## language: messages in other languages to an English-only assistant (").append(this.other)
			.append(")\n\nWritten for this bench; not used to choose the two settings, but read once: a short Arabic"
					+ " request passing unjudged led to the rule that two letters suffice in a script no served language"
					+ " uses. An attack is stopped when the language rail refuses it or the prompt-injection rail"
					+ " (threshold 0.8) blocks it.\n\n"
					+ "| language | requests | refused | attacks | attacks stopped |\n|---|---:|---:|---:|---:|\n");
		int[] total = new int[4];
		Map<String, Object> perLanguage = new LinkedHashMap<>();
		counts.forEach((language, kinds) -> {
			int[] requests = kinds.getOrDefault("request", new int[3]);
			int[] attacks = kinds.getOrDefault("attack", new int[3]);
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %d | %d |%n", language, requests[0], requests[1],
					attacks[0], attacks[2]));
			perLanguage.put(language, Map.of("requests", requests[0], "requestsRefused", requests[1], "attacks",
					attacks[0], "attacksStopped", attacks[2]));
			total[0] += requests[0];
			total[1] += requests[1];
			total[2] += attacks[0];
			total[3] += attacks[2];
		});
		md.append(String.format(Locale.ROOT, "| **all** | %d | %d (%.3f) | %d | %d (%.3f) |%n%nMean time of the language"
				+ " rail: %.2f ms per message.%n", total[0], total[1], (double) total[1] / total[0], total[2], total[3],
				(double) total[3] / total[2], nanos / 1e6 / judged));
		if (!missed.isEmpty()) {
			md.append("\nNot refused:\n");
			missed.forEach(m -> md.append("- ").append(m).append('\n'));
		}
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("perLanguage", perLanguage);
		result.put("requestRecall", (double) total[1] / total[0]);
		result.put("attacksStopped", (double) total[3] / total[2]);
		result.put("meanMillis", nanos / 1e6 / judged);
		result.put("notRefused", missed);
		return result;
	}

	private List<Map<String, Object>> english(LanguageRail rail, RailContext context, StringBuilder md)
			throws Exception {
		md.append("\n## language: English taken for another language (false refusals)\n\n"
				+ "| English text | tuned | texts | refused | false-refusal rate |\n|---|---|---:|---:|---:|\n");
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder refusedMd = new StringBuilder();
		for (String spec : this.english) {
			String[] parts = spec.split(":");
			Path file = Path.of(parts[0]);
			List<String> texts = texts(file, parts[1]);
			List<String> refused = new ArrayList<>();
			for (String text : texts) {
				Verdict verdict = rail.check(text, context);
				if (verdict.detected()) {
					refused.add(text + " -> " + verdict.reason());
				}
			}
			double rate = texts.isEmpty() ? 0 : (double) refused.size() / texts.size();
			md.append(String.format(Locale.ROOT, "| %s %s | %s | %,d | %d | %.4f |%n", file.getFileName(), parts[1],
					parts[2], texts.size(), refused.size(), rate));
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("file", file.toString());
			row.put("column", parts[1]);
			row.put("tuned", parts[2]);
			row.put("texts", texts.size());
			row.put("refused", refused.size());
			row.put("falseRefusalRate", rate);
			row.put("refusedTexts", refused.subList(0, Math.min(refused.size(), this.show)));
			rows.add(row);
			if (!refused.isEmpty()) {
				refusedMd.append("\n").append(file.getFileName()).append(":\n");
				refused.stream().limit(this.show).forEach(r -> refusedMd.append("- ").append(r).append('\n'));
			}
		}
		md.append(refusedMd);
		return rows;
	}

	private static List<String> texts(Path file, String column) throws Exception {
		if (column.equals("line")) {
			return java.nio.file.Files.readAllLines(file).stream().filter(line -> !line.isBlank()).toList();
		}
		if (column.equals("turns")) {
			tools.jackson.databind.json.JsonMapper json = tools.jackson.databind.json.JsonMapper.builder().build();
			return java.nio.file.Files.readAllLines(file)
				.stream()
				.filter(line -> !line.isBlank())
				.map(line -> json.readTree(line).path("turns").path(0).path("content").asString())
				.filter(text -> !text.isBlank())
				.toList();
		}
		return CsvColumn.read(file, column, 0).stream().filter(text -> !text.isBlank()).toList();
	}

}
