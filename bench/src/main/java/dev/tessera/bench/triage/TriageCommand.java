package dev.tessera.bench.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.report.Report;
import dev.tessera.domains.triage.AcuityModel;
import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.domains.triage.TriageAssessment;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageReason;
import dev.tessera.domains.triage.UrgencyLevel;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Runs the triage assessment the server uses ({@link TriageAssessor} with the pack's acuity model, its red-flag and
 * danger-zone floor and its uncertain band) on every row of a labelled file, and reports accuracy, the confusion
 * matrix, per-level recall, the under-triage rate of emergencies (an emergency given no level counts as
 * under-triaged), under-triage and accuracy by sex and age band, and every under-triaged emergency with its reasons.
 * The after-the-visit diagnosis sentence of KTAS records is removed before the assessment reads a row.
 * <p>
 * Figures from this command are on data the shipped model was trained on when the file is one of its training files
 * (the report says which files those are); {@code triage-cv} gives the held-out figures.
 */
@Command(name = "triage", mixinStandardHelpOptions = true,
		description = "Triage accuracy, confusion matrix, per-level recall, under-triage of emergencies and fairness"
				+ " of the shipped assessment on a labelled CSV.")
public class TriageCommand implements Callable<Integer> {

	@Option(names = "--data", required = true, description = "Labelled CSV with a header row.")
	Path data;

	@Option(names = "--text-col", defaultValue = TriageCases.DEFAULT_TEXT_COLUMNS,
			description = "Column with the description; a comma-separated list: the first present (default: ${DEFAULT-VALUE}).")
	String textColumn;

	@Option(names = "--label-col", defaultValue = TriageCases.DEFAULT_LABEL_COLUMNS,
			description = "Column with the true level; a list as for --text-col (default: ${DEFAULT-VALUE}).")
	String labelColumn;

	@Option(names = "--label-map",
			description = "How the file's labels map to levels, e.g. \"1=emergency,2=emergency,3=urgent,4=routine,"
					+ "5=self-care\"; without it the labels must be level names.")
	String labelMap;

	@Option(names = "--out", defaultValue = "bench/target/reports/triage.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		Map<String, UrgencyLevel> mapping = parseLabelMap(this.labelMap);
		String source = this.data.getFileName().toString();
		List<Case> cases = TriageCases.read(source, this.data, this.textColumn, this.labelColumn, mapping);
		AcuityModel model = AcuityModel.bundled();
		List<TriageAssessment> assessed;
		double millis;
		try (SentenceEncoder encoder = TriageSources.open(model.encoder())) {
			TriageAssessor assessor = new TriageAssessor(model, TriageSources.embedder(encoder));
			long started = System.nanoTime();
			assessed = cases.stream().map(c -> assessor.assess(c.text())).toList();
			millis = (System.nanoTime() - started) / 1e6 / cases.size();
		}
		TriageTally tally = TriageTally.of(cases, assessed);
		List<Map<String, Object>> fairness = TriageTally.fairness(cases, assessed, tally);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "triage");
		report.put("data", this.data.toString());
		report.put("labelMap", mapping.isEmpty() ? "level names" : this.labelMap);
		report.put("model", model.version());
		report.put("modelTrainedOn", model.document().get("trainedOn"));
		report.put("operatingPoint", model.point());
		report.put("millisPerCase", Math.round(millis * 100) / 100.0);
		report.put("rows", cases.size());
		report.put("summary", tally.summary());
		// the keys earlier reports gave the server's assessment and its misses, for readers of those reports
		report.put("withHead", report.get("summary"));
		report.put("fairness", fairness);
		List<Map<String, Object>> under = listed(cases, assessed,
				(gold, a) -> gold == UrgencyLevel.EMERGENCY && (a.unreadable().isPresent() || !a.emergency()));
		List<Map<String, Object>> falseEmergencies = listed(cases, assessed,
				(gold, a) -> gold != UrgencyLevel.EMERGENCY && a.emergency());
		report.put("emergenciesUnderTriaged", under);
		report.put("underTriagedRows", under);
		report.put("nonEmergenciesAssignedEmergency", falseEmergencies);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## triage: %s (%d cases)%n%nThe assessment the server runs: acuity model `%s` (trained on %s),"
						+ " red-flag and danger-zone floor, uncertain band. Label map: %s. %.2f ms per case.%n%n",
				source, cases.size(), model.version(), trainedOn(model), mapping.isEmpty() ? "level names"
						: "`" + this.labelMap + "`", millis));
		md.append(TriageTally.header()).append(tally.row(source));
		md.append(tally.confusion("Confusion matrix"));
		md.append("\nBy group:\n\n").append(TriageTally.fairnessTable(fairness));
		listRows(md, "Emergencies under-triaged", under);
		md.append(String.format(Locale.ROOT, "%n%d non-emergencies were assessed as emergencies (listed in the JSON"
				+ " report).%n", falseEmergencies.size()));
		Report.write(this.out, report, md.toString());
		return 0;
	}

	private static String trainedOn(AcuityModel model) {
		List<String> sources = new ArrayList<>();
		model.document().path("trainedOn").forEach(s -> sources.add(s.path("source").asString() + " ("
				+ s.path("cases").asInt() + " cases)"));
		return String.join(", ", sources);
	}

	static Map<String, UrgencyLevel> parseLabelMap(String spec) {
		Map<String, UrgencyLevel> mapping = new LinkedHashMap<>();
		if (spec == null || spec.isBlank()) {
			return mapping;
		}
		for (String pair : spec.split(",")) {
			String[] parts = pair.split("=", 2);
			if (parts.length != 2) {
				throw new IllegalArgumentException("--label-map entries are label=level, got '" + pair + "'");
			}
			UrgencyLevel level = UrgencyLevel.fromLabel(parts[1])
				.orElseThrow(() -> new IllegalArgumentException("--label-map: '" + parts[1]
						+ "' is not one of emergency, urgent, routine, self-care"));
			mapping.put(parts[0].strip(), level);
		}
		return mapping;
	}

	private static List<Map<String, Object>> listed(List<Case> cases, List<TriageAssessment> assessed,
			BiPredicate<UrgencyLevel, TriageAssessment> test) {
		List<Map<String, Object>> found = new ArrayList<>();
		for (int i = 0; i < cases.size(); i++) {
			TriageAssessment a = assessed.get(i);
			if (test.test(cases.get(i).gold(), a)) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("row", i + 1);
				entry.put("gold", cases.get(i).gold().label());
				entry.put("assigned", a.unreadable().isPresent() ? "no level: " + a.unreadable().get() : a.level().label());
				entry.put("reasons", a.reasons().stream().map(TriageReason::describe).toList());
				entry.put("text", cases.get(i).text());
				found.add(entry);
			}
		}
		return found;
	}

	private static void listRows(StringBuilder md, String title, List<Map<String, Object>> rows) {
		md.append(String.format(Locale.ROOT, "%n### %s (%d)%n%n", title, rows.size()));
		if (rows.isEmpty()) {
			md.append("None.\n");
		}
		for (Map<String, Object> row : rows) {
			String text = ((String) row.get("text")).replaceAll("\\s+", " ");
			md.append(String.format(Locale.ROOT, "- row %s: true %s, assigned %s. \"%s\"%n", row.get("row"),
					row.get("gold"), row.get("assigned"), text.length() > 240 ? text.substring(0, 240) + "…" : text));
			for (Object reason : (List<?>) row.get("reasons")) {
				md.append("  - ").append(reason).append('\n');
			}
		}
	}

}
