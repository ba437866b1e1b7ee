package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.guardrails.abuse.AbusiveLanguageRail;

/**
 * The abusive-language rail's false positives on real text that is not abusive (customers' banking questions, people's
 * COVID questions and the answers to them, contract clauses), with the rail's default categories and with profanity
 * added; and its recall on a file of labelled examples. No labelled abuse corpus is among the project's data, so the
 * recall comes from examples written for this purpose and claims less than the false-positive rates.
 */
@Command(name = "abuse", mixinStandardHelpOptions = true,
		description = "Abusive-language rail: false-positive rate on real benign text, recall on labelled examples.")
public class AbuseCommand implements Callable<Integer> {

	@Option(names = "--benign", split = ",", defaultValue = "../shared/data/intent/banking77_test.csv:text,"
			+ "../shared/data/intent/banking77_train.csv:text,../shared/data/rag/covid_faq.csv:question,"
			+ "../shared/data/rag/covid_faq.csv:answer,../shared/data/contracts/cuad_master_clauses.csv:Cap On Liability,"
			+ "../shared/data/contracts/cuad_master_clauses.csv:Termination For Convenience,"
			+ "../shared/data/contracts/cuad_master_clauses.csv:Non-Compete,"
			+ "../shared/data/contracts/cuad_master_clauses.csv:Audit Rights,"
			+ "../shared/data/contracts/cuad_master_clauses.csv:Insurance",
			description = "FILE:COLUMN of real text that is not abusive.")
	List<String> benign;

	@Option(names = "--examples", defaultValue = "guardrails/training/abuse-examples.tsv",
			description = "TSV with a header: label (insult, threat, slur, profanity or none) and text.")
	Path examples;

	@Option(names = "--show", defaultValue = "10", description = "Flagged benign texts listed per file and setting.")
	int show;

	@Option(names = "--out", defaultValue = "bench/target/reports/abuse.json")
	Path out;

	private static final Map<String, String> SETTINGS = new LinkedHashMap<>();

	static {
		SETTINGS.put("default (insult, threat, slur)", "");
		SETTINGS.put("with profanity", "insult,threat,slur,profanity");
	}

	@Override
	public Integer call() throws Exception {
		AbusiveLanguageRail rail = new AbusiveLanguageRail();
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder md = new StringBuilder("## abuse: real text that is not abusive\n\n"
				+ "With the default categories every text flagged is a false positive. With profanity added, a flagged "
				+ "text may hold real profanity (listed below): that is what the category finds, and why it is off by "
				+ "default.\n\n| text | texts | setting | flagged | share flagged |\n|---|---:|---|---:|---:|\n");
		StringBuilder flaggedMd = new StringBuilder();
		for (String spec : this.benign) {
			int colon = spec.lastIndexOf(':');
			Path file = Path.of(spec.substring(0, colon));
			String column = spec.substring(colon + 1);
			// CUAD cells hold lists of excerpts; every cell is judged as one text, empty cells skipped
			List<String> texts = CsvColumn.read(file, column, 0).stream().filter(t -> !t.isBlank() && !t.equals("[]"))
				.distinct()
				.toList();
			String name = file.getFileName() + " " + column;
			for (Map.Entry<String, String> setting : SETTINGS.entrySet()) {
				RailContext context = context(setting.getValue());
				List<String> flagged = new ArrayList<>();
				for (String text : texts) {
					Verdict verdict = rail.check(text, context);
					if (verdict.detected()) {
						flagged.add(verdict.reason() + ": " + excerpt(text, verdict.spans().getFirst()));
					}
				}
				double rate = texts.isEmpty() ? 0 : (double) flagged.size() / texts.size();
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("text", name);
				row.put("texts", texts.size());
				row.put("setting", setting.getKey());
				row.put("flagged", flagged.size());
				row.put("shareFlagged", rate);
				row.put("flaggedTexts", flagged.subList(0, Math.min(flagged.size(), this.show)));
				rows.add(row);
				md.append(String.format(Locale.ROOT, "| %s | %,d | %s | %d | %.4f |%n", name, texts.size(),
						setting.getKey(), flagged.size(), rate));
				if (!flagged.isEmpty()) {
					flaggedMd.append(String.format(Locale.ROOT, "%n%s, %s:%n", name, setting.getKey()));
					flagged.stream().limit(this.show).forEach(f -> flaggedMd.append("- ").append(f).append('\n'));
				}
			}
		}
		md.append(flaggedMd);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "abuse");
		report.put("benign", rows);
		if (Files.exists(this.examples)) {
			report.put("examples", examples(rail, md));
		}
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** Recall per label (share detected) and the share of "none" examples flagged, with profanity in the categories. */
	private Map<String, Object> examples(AbusiveLanguageRail rail, StringBuilder md) throws IOException {
		RailContext context = context(SETTINGS.get("with profanity"));
		Map<String, int[]> counts = new TreeMap<>();
		List<String> wrong = new ArrayList<>();
		List<String> lines = Files.readAllLines(this.examples);
		for (String line : lines.subList(1, lines.size())) {
			if (line.isBlank()) {
				continue;
			}
			String[] fields = line.split("\t", 2);
			if (fields.length < 2) {
				throw new IllegalArgumentException(this.examples + ": expected 'label<TAB>text', got: " + line);
			}
			String label = fields[0].strip();
			Verdict verdict = rail.check(fields[1], context);
			boolean right = label.equals("none") ? !verdict.detected()
					: verdict.detected() && verdict.spans().stream().anyMatch(s -> s.label().equalsIgnoreCase(label));
			int[] count = counts.computeIfAbsent(label, l -> new int[2]);
			count[0]++;
			if (right) {
				count[1]++;
			}
			else {
				wrong.add(label + ": " + fields[1] + " -> " + verdict.reason());
			}
		}
		md.append("\n## abuse: written examples (").append(this.examples.getFileName())
			.append("), categories insult, threat, slur, profanity\n\n| label | examples | right | share right |\n|---|---:|---:|---:|\n");
		Map<String, Object> result = new LinkedHashMap<>();
		counts.forEach((label, count) -> {
			double share = (double) count[1] / count[0];
			result.put(label, Map.of("examples", count[0], "right", count[1], "share", share));
			md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n",
					label.equals("none") ? "none (right = not flagged)" : label, count[0], count[1], share));
		});
		if (!wrong.isEmpty()) {
			md.append("\nWrong:\n");
			wrong.forEach(w -> md.append("- ").append(w).append('\n'));
		}
		result.put("wrong", wrong);
		return result;
	}

	private static RailContext context(String categories) {
		return new RailContext("bench", RailContext.Direction.INPUT,
				categories.isEmpty() ? Map.of() : Map.of("categories", categories));
	}

	private static String excerpt(String text, Verdict.Span span) {
		int from = Math.max(0, span.start() - 40);
		int to = Math.min(text.length(), span.end() + 40);
		return "\"" + (from > 0 ? "…" : "") + text.substring(from, to).replaceAll("\\s+", " ") + (to < text.length() ? "…" : "")
				+ "\"";
	}

}
