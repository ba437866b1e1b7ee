package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.pii.PiiFinding;
import dev.tessera.guardrails.pii.PiiScanner;
import dev.tessera.guardrails.pii.PiiType;

/**
 * Precision, recall and F2 of the PII detectors per entity type, on a file in Presidio's synthetic format (a JSON
 * array of {@code full_text} with {@code spans} of {@code entity_type}, {@code start_position}, {@code end_position}).
 * <p>
 * Scored per token, as presidio-research's evaluator does: every run of letters and digits takes the type of the span
 * covering it, in the gold data and in the prediction; a token counts as a true positive when both types agree. This
 * forgives where a span starts or ends on punctuation and the data set's habit of splitting one address into parts.
 */
@Command(name = "pii", mixinStandardHelpOptions = true,
		description = "PII detection: precision, recall and F2 per entity type on Presidio-format data.")
public class PiiCommand implements Callable<Integer> {

	/** Presidio entity types mapped to ours; the others (GPE, ORGANIZATION, DATE_TIME, ...) are not detected. */
	static final Map<String, PiiType> MAPPING = Map.of("EMAIL_ADDRESS", PiiType.EMAIL, "PHONE_NUMBER", PiiType.PHONE,
			"CREDIT_CARD", PiiType.CARD, "IBAN_CODE", PiiType.IBAN, "US_SSN", PiiType.SSN, "IP_ADDRESS", PiiType.IP,
			"PERSON", PiiType.PERSON, "STREET_ADDRESS", PiiType.ADDRESS);

	/** Presidio's DATE_TIME covers any date or time: a date of birth we find inside one is not a false positive. */
	static final String DATE_OF_BIRTH_COMPATIBLE = "DATE_TIME";

	private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{M}\\p{N}]+");

	@Option(names = "--data", defaultValue = "../shared/data/pii/presidio_synth_dev.json",
			description = "Presidio-format JSON file.")
	Path data;

	@Option(names = "--min-confidence", defaultValue = "0", description = "Ignore findings below this confidence.")
	double minConfidence;

	@Option(names = "--errors", defaultValue = "0",
			description = "Write up to this many missed and spurious findings per type beside the report.")
	int errors;

	@Option(names = "--templates", defaultValue = "all",
			description = "Which template families to score: all, tuning (template id divisible by 4: the half the"
					+ " detectors may be tuned on) or held-out (the other half, never looked at while tuning).")
	String templates;

	@Option(names = "--clean", split = ",", description = "CSV files of real texts with no personal data in them, each"
			+ " FILE or FILE#COLUMN (default column --clean-col): the share of texts with a finding, per type, is"
			+ " reported as false positives.")
	List<String> clean = List.of();

	@Option(names = "--clean-col", defaultValue = "text", description = "The text column of the --clean files.")
	String cleanColumn;

	@Option(names = "--out", defaultValue = "bench/target/reports/pii.json")
	Path out;

	/** Whether a sample's template belongs to the chosen half. */
	private boolean chosen(JsonNode sample) {
		int template = sample.path("template_id").asInt(-1);
		return switch (this.templates) {
			case "all" -> true;
			case "tuning" -> template % 4 == 0;
			case "held-out" -> template % 4 != 0;
			default -> throw new IllegalArgumentException("--templates must be all, tuning or held-out, got " + this.templates);
		};
	}

	@Override
	public Integer call() throws IOException {
		if (!Files.isRegularFile(this.data)) {
			throw new IllegalArgumentException("no data file at " + this.data.toAbsolutePath()
					+ " (the development data lives in ../shared/data; pass --data FILE)");
		}
		JsonNode root = JsonMapper.builder().build().readTree(this.data.toFile());
		if (!root.isArray()) {
			throw new IllegalArgumentException(this.data + " is not a JSON array of Presidio samples");
		}
		PiiScanner scanner = PiiScanner.standard();
		Map<PiiType, int[]> counts = new EnumMap<>(PiiType.class); // tp, fp, fn
		for (PiiType type : PiiType.values()) {
			counts.put(type, new int[3]);
		}
		Map<PiiType, List<String>> examples = new EnumMap<>(PiiType.class);
		long nanos = 0;
		int samples = 0;
		for (JsonNode sample : root) {
			String text = sample.path("full_text").asString("");
			if (text.isEmpty() || !chosen(sample)) {
				continue;
			}
			samples++;
			String[] gold = new String[text.length()];
			for (JsonNode span : sample.path("spans")) {
				int start = span.path("start_position").asInt();
				int end = Math.min(text.length(), span.path("end_position").asInt());
				for (int i = Math.max(0, start); i < end; i++) {
					gold[i] = span.path("entity_type").asString();
				}
			}
			long started = System.nanoTime();
			List<PiiFinding> findings = scanner.scan(text).stream().filter(f -> f.confidence() >= this.minConfidence).toList();
			nanos += System.nanoTime() - started;
			PiiType[] predicted = new PiiType[text.length()];
			for (PiiFinding finding : findings) {
				for (int i = finding.start(); i < finding.end(); i++) {
					predicted[i] = finding.type();
				}
			}
			Matcher token = TOKEN.matcher(text);
			while (token.find()) {
				int mid = (token.start() + token.end() - 1) / 2;
				String goldType = gold[mid];
				PiiType expected = goldType == null ? null : MAPPING.get(goldType);
				PiiType found = predicted[mid];
				if (found != null && found == expected) {
					counts.get(found)[0]++;
				}
				else {
					if (found != null && !(found == PiiType.DATE_OF_BIRTH && DATE_OF_BIRTH_COMPATIBLE.equals(goldType))) {
						counts.get(found)[1]++;
						note(examples, found, "FP (gold " + goldType + ") '" + token.group() + "' in: " + text);
					}
					if (expected != null) {
						counts.get(expected)[2]++;
						note(examples, expected, "FN (found " + found + ") '" + token.group() + "' in: " + text);
					}
				}
			}
		}
		Map<String, Object> perType = new LinkedHashMap<>();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## pii: %d samples from %s, templates: %s (token-level)%n%n| type | Presidio type | tokens | precision | recall | F2 |%n|---|---|---:|---:|---:|---:|%n",
				samples, this.data.getFileName(), switch (this.templates) {
					case "tuning" -> "the tuning half (template id divisible by 4)";
					case "held-out" -> "the held-out half (template ids not divisible by 4; not looked at while tuning)";
					default -> "all";
				}));
		int[] structured = new int[3];
		int[] judged = new int[3];
		int[] overall = new int[3];
		for (PiiType type : PiiType.values()) {
			int[] c = counts.get(type);
			String presidio = MAPPING.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey)
				.findFirst().orElse(type == PiiType.DATE_OF_BIRTH ? "(none; DATE_TIME counts as correct)" : "-");
			perType.put(type.name(), scores(c, presidio));
			md.append(row(type.name(), presidio, c));
			if (type == PiiType.DATE_OF_BIRTH) {
				continue; // no gold type: precision only, kept out of the totals
			}
			int[] group = type.structured() ? structured : judged;
			for (int k = 0; k < 3; k++) {
				group[k] += c[k];
				overall[k] += c[k];
			}
		}
		md.append(row("structured (email, phone, card, IBAN, SSN, IP)", "", structured));
		md.append(row("names and addresses", "", judged));
		md.append(row("overall (micro)", "", overall));
		double msPerSample = nanos / 1e6 / Math.max(1, samples);
		md.append(String.format(Locale.ROOT,
				"%nPresidio types not detected (their tokens count only when we mislabel them): GPE, ORGANIZATION, DATE_TIME,"
						+ " TITLE, AGE, NRP, DOMAIN_NAME, ZIP_CODE, US_DRIVER_LICENSE. Mean scan time %.3f ms per sample.%n",
				msPerSample));
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "pii");
		report.put("data", this.data.toString());
		report.put("samples", samples);
		report.put("templates", this.templates);
		report.put("minConfidence", this.minConfidence);
		report.put("scoring", "token-level, tokens = runs of letters and digits");
		report.put("mapping", MAPPING);
		report.put("perType", perType);
		report.put("structured", scores(structured, ""));
		report.put("namesAndAddresses", scores(judged, ""));
		report.put("overall", scores(overall, ""));
		report.put("meanScanMillisPerSample", msPerSample);
		if (!this.clean.isEmpty()) {
			md.append(cleanTexts(scanner, report));
		}
		if (this.errors > 0) {
			Path errorsFile = this.out.toAbsolutePath().resolveSibling("pii-errors.txt");
			Files.createDirectories(errorsFile.getParent());
			List<String> lines = new ArrayList<>();
			examples.forEach((type, list) -> list.forEach(line -> lines.add(type + " " + line.replace("\n", "\\n"))));
			Files.write(errorsFile, lines);
		}
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** Real texts with no personal data: per type, how many texts the scanner finds something of that type in. */
	private String cleanTexts(PiiScanner scanner, Map<String, Object> report) throws IOException {
		StringBuilder md = new StringBuilder(
				"\nReal texts with no personal data in them (share of texts with a finding = false positives):\n\n"
						+ "| file | texts | with a finding | by type |\n|---|---:|---:|---|\n");
		List<Map<String, Object>> rows = new ArrayList<>();
		for (String entry : this.clean) {
			int hash = entry.lastIndexOf('#');
			Path file = Path.of(hash < 0 ? entry : entry.substring(0, hash));
			List<String> texts = dev.tessera.bench.data.CsvColumn.read(file, hash < 0 ? this.cleanColumn
					: entry.substring(hash + 1), 0);
			Map<PiiType, Integer> byType = new EnumMap<>(PiiType.class);
			int flagged = 0;
			for (String text : texts) {
				List<PiiFinding> findings = scanner.scan(text)
					.stream()
					.filter(f -> f.confidence() >= this.minConfidence)
					.toList();
				flagged += findings.isEmpty() ? 0 : 1;
				findings.stream().map(PiiFinding::type).distinct().forEach(type -> byType.merge(type, 1, Integer::sum));
			}
			md.append(String.format(Locale.ROOT, "| %s | %d | %d (%.4f) | %s |%n", file.getFileName(), texts.size(),
					flagged, (double) flagged / Math.max(1, texts.size()), byType));
			rows.add(Map.of("file", file.toString(), "texts", texts.size(), "withFinding", flagged, "byType",
					byType.toString()));
		}
		report.put("cleanTexts", rows);
		return md.toString();
	}

	private void note(Map<PiiType, List<String>> examples, PiiType type, String line) {
		List<String> list = examples.computeIfAbsent(type, t -> new ArrayList<>());
		if (list.size() < this.errors) {
			list.add(line);
		}
	}

	static double f2(double precision, double recall) {
		return precision + recall == 0 ? 0 : 5 * precision * recall / (4 * precision + recall);
	}

	private static Map<String, Object> scores(int[] c, String presidio) {
		double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
		double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
		Map<String, Object> row = new LinkedHashMap<>();
		if (!presidio.isEmpty()) {
			row.put("presidioType", presidio);
		}
		row.put("truePositives", c[0]);
		row.put("falsePositives", c[1]);
		row.put("falseNegatives", c[2]);
		row.put("precision", round(precision));
		row.put("recall", round(recall));
		row.put("f2", round(f2(precision, recall)));
		return row;
	}

	private static String row(String name, String presidio, int[] c) {
		double precision = c[0] + c[1] == 0 ? 0 : (double) c[0] / (c[0] + c[1]);
		double recall = c[0] + c[2] == 0 ? 0 : (double) c[0] / (c[0] + c[2]);
		boolean noGold = c[0] + c[2] == 0;
		boolean noPrediction = c[0] + c[1] == 0;
		return String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s |%n", name, presidio, c[0] + c[2],
				noPrediction ? "n/a" : String.format(Locale.ROOT, "%.3f", precision), noGold ? "n/a" : String.format(Locale.ROOT, "%.3f", recall),
				noGold ? "n/a" : String.format(Locale.ROOT, "%.3f", f2(precision, recall)));
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

}
