package dev.tessera.bench.triage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.BiPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.machine.MachineFacts;
import dev.tessera.bench.report.Report;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.core.heads.TextEmbedder;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.domains.triage.ClinicalAdviceRail;
import dev.tessera.domains.triage.TriageAssessment;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageReason;
import dev.tessera.domains.triage.TriageTurnAssessor;
import dev.tessera.domains.triage.UrgencyLevel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Runs the triage assessment the server uses ({@link TriageAssessor}: red flags, danger-zone vital signs, softer
 * rules, and the urgency head trained on the pack's examples exactly as the server trains it) on every row of a
 * labelled file, and reports accuracy, the confusion matrix, per-level precision and recall, the under-triage rate
 * of emergencies (true emergencies assigned a lower level: the number that must be 0) and every under-triaged row
 * with its reasons. The same rows are also assessed without the head, to show what the rules do alone.
 * <p>
 * Each row is assessed as one complete description: in a chat, a description that lacks age, duration or severity
 * would first get follow-up questions; the report counts how many rows would have.
 */
@Command(name = "triage", mixinStandardHelpOptions = true,
		description = "Triage accuracy, confusion matrix, per-level precision/recall and the under-triage rate of"
				+ " emergencies on a labelled CSV.")
public class TriageCommand implements Callable<Integer> {

	private static final List<UrgencyLevel> LEVELS = List.of(UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT,
			UrgencyLevel.ROUTINE, UrgencyLevel.SELF_CARE);

	private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

	@Option(names = "--data", required = true, description = "Labelled CSV with a header row.")
	Path data;

	@Option(names = "--text-col", defaultValue = "text", description = "Column with the description.")
	String textColumn;

	@Option(names = "--label-col", defaultValue = "label", description = "Column with the true level.")
	String labelColumn;

	@Option(names = "--label-map",
			description = "How the file's labels map to levels, e.g. \"1=emergency,2=emergency,3=urgent,4=routine,"
					+ "5=self-care\"; without it the labels must be level names.")
	String labelMap;

	@Option(names = "--assistant", defaultValue = "medical-triage",
			description = "Pack whose urgency head (examples/<head>.csv) the assessment consults.")
	String assistantId;

	@Option(names = "--out", defaultValue = "bench/target/reports/triage.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		TRIBUO_LOG.setLevel(Level.WARNING);
		Map<String, UrgencyLevel> mapping = parseLabelMap(this.labelMap);
		List<Row> rows = readRows(mapping);
		AssistantDefinition pack = pack();
		String headName = pack.assessor().map(a -> a.settings().getOrDefault(TriageTurnAssessor.HEAD_SETTING,
				"urgency")).orElse("urgency");
		TrainingSet examples = new PackExamples(new PathMatchingResourcePatternResolver())
			.read(pack)
			.get(headName);
		if (examples == null) {
			throw new IllegalArgumentException("assistant '" + this.assistantId + "' has no examples/" + headName + ".csv");
		}
		TriageAssessor assessor = new TriageAssessor();
		Map<String, Object> report = new LinkedHashMap<>();
		try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(false, 0,
				new ConcurrencyGate("triage", 1, 0, Duration.ofSeconds(1)))) {
			long started = System.nanoTime();
			// as the server trains it at start-up (TaskHeadService): the same examples, encoder and options
			TaskHead head = new TaskHeadTrainer(TextEmbedder.of(encoder)).train(headName, examples,
					HeadTrainingOptions.defaults()).head();
			double trainSeconds = (System.nanoTime() - started) / 1e9;
			started = System.nanoTime();
			List<TriageAssessment> withHead = new ArrayList<>();
			List<HeadPrediction> predictions = head.predict(rows.stream().map(Row::text).toList());
			for (int i = 0; i < rows.size(); i++) {
				withHead.add(assessor.assess(rows.get(i).text(), Optional.of(predictions.get(i))));
			}
			double assessMillis = (System.nanoTime() - started) / 1e6 / rows.size();
			started = System.nanoTime();
			List<TriageAssessment> rulesOnly = rows.stream()
				.map(row -> assessor.assess(row.text(), Optional.empty()))
				.toList();
			double rulesMillis = (System.nanoTime() - started) / 1e6 / rows.size();
			Tally server = Tally.of(rows, withHead);
			Tally rules = Tally.of(rows, rulesOnly);
			report.put("command", "triage");
			report.put("data", this.data.toString());
			report.put("textColumn", this.textColumn);
			report.put("labelColumn", this.labelColumn);
			report.put("labelMap", mapping.isEmpty() ? "level names" : this.labelMap);
			report.put("rows", rows.size());
			report.put("goldLevels", counts(rows));
			report.put("head", Map.of("name", headName, "examples", examples.examples().size(), "trainingSha256",
					examples.sha256(), "encoder", encoder.name(), "trainSeconds", round(trainSeconds, 1)));
			report.put("assessMillisPerRow", round(assessMillis, 2));
			report.put("rulesOnlyMillisPerRow", round(rulesMillis, 3));
			report.put("machine", MachineFacts.fp32PeakFlops(Runtime.getRuntime().availableProcessors()));
			report.put("withHead", server.summary());
			report.put("rulesOnly", rules.summary());
			List<Map<String, Object>> underTriaged = listed(rows, withHead, (gold, assigned) -> assigned.compareTo(gold) < 0);
			List<Map<String, Object>> underTriagedByRules = listed(rows, rulesOnly,
					(gold, assigned) -> assigned.compareTo(gold) < 0);
			List<Map<String, Object>> falseEmergencies = listed(rows, withHead,
					(gold, assigned) -> assigned == UrgencyLevel.EMERGENCY && gold != UrgencyLevel.EMERGENCY);
			report.put("underTriagedRows", underTriaged);
			report.put("underTriagedRowsRulesOnly", underTriagedByRules);
			report.put("nonEmergenciesAssignedEmergency", falseEmergencies);
			StringBuilder md = new StringBuilder(markdown(rows, server, rules, headName, examples, assessMillis,
					rulesMillis));
			listRows(md, "Under-triaged rows", underTriaged);
			listRows(md, "Under-triaged rows without the head (rules only)", underTriagedByRules);
			listRows(md, "Non-emergencies assigned emergency", falseEmergencies);
			Report.write(this.out, report, md.toString());
		}
		return 0;
	}

	private AssistantDefinition pack() {
		Map<String, Set<String>> assessors = Map.of(TriageTurnAssessor.NAME,
				new TriageTurnAssessor(new TriageAssessor(), TriageTurnAssessor.UrgencyHead.none()).settingNames());
		return new AssistantPackReader(
				Set.of("pii", "prompt-injection", "instruction-override", "required-notice", ClinicalAdviceRail.NAME,
						"grounding", "abusive-language", "scope"),
				assessors)
			// only the assessed pack: the others may call tools this command does not wire
			.readAll(List.of("classpath*:tessera/packs/" + this.assistantId + "/assistant.yaml"))
			.stream()
			.filter(a -> a.id().equals(this.assistantId))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("no assistant '" + this.assistantId + "' among the packs"));
	}

	private List<Row> readRows(Map<String, UrgencyLevel> mapping) throws Exception {
		List<Row> rows = new ArrayList<>();
		int number = 0;
		for (Map<String, String> record : CsvColumn.rows(this.data, 0)) {
			number++;
			if (!record.containsKey(this.textColumn) || !record.containsKey(this.labelColumn)) {
				throw new IllegalArgumentException(this.data + " has no column '"
						+ (record.containsKey(this.textColumn) ? this.labelColumn : this.textColumn) + "'; columns: "
						+ record.keySet());
			}
			String label = record.get(this.labelColumn).strip();
			UrgencyLevel gold = mapping.isEmpty() ? UrgencyLevel.fromLabel(label)
				.orElseThrow(() -> new IllegalArgumentException("row " + rows.size() + ": label '" + label
						+ "' is not a level; pass --label-map"))
					: mapping.get(label);
			if (gold == null) {
				throw new IllegalArgumentException("row " + (rows.size() + 1) + ": label '" + label
						+ "' is not in --label-map " + mapping.keySet());
			}
			rows.add(new Row(number, record.get(this.textColumn), gold));
		}
		if (rows.isEmpty()) {
			throw new IllegalArgumentException(this.data + " holds no rows");
		}
		return rows;
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

	private static void confusion(StringBuilder md, String title, Tally tally) {
		md.append("\n### Confusion matrix (").append(title).append("): rows true level, columns assigned\n\n");
		md.append("| true \\ assigned | emergency | urgent | routine | self-care | recall |\n|---|---:|---:|---:|---:|---:|\n");
		for (UrgencyLevel gold : LEVELS) {
			md.append("| ").append(gold.label());
			for (UrgencyLevel assigned : LEVELS) {
				md.append(" | ").append(tally.matrix.get(gold).get(assigned));
			}
			md.append(String.format(Locale.ROOT, " | %.3f |%n", tally.recall(gold)));
		}
	}

	/** The rows whose true and assigned level pass the test, each with its reasons. */
	private static List<Map<String, Object>> listed(List<Row> rows, List<TriageAssessment> assessed,
			BiPredicate<UrgencyLevel, UrgencyLevel> test) {
		List<Map<String, Object>> found = new ArrayList<>();
		for (int i = 0; i < rows.size(); i++) {
			Row row = rows.get(i);
			TriageAssessment assessment = assessed.get(i);
			if (test.test(row.gold(), assessment.level())) {
				Map<String, Object> entry = new LinkedHashMap<>();
				entry.put("row", row.number());
				entry.put("gold", row.gold().label());
				entry.put("assigned", assessment.level().label());
				entry.put("reasons", assessment.reasons().stream().map(TriageReason::describe).toList());
				entry.put("text", row.text());
				found.add(entry);
			}
		}
		return found;
	}

	private String markdown(List<Row> rows, Tally server, Tally rules, String headName, TrainingSet examples,
			double assessMillis, double rulesMillis) {
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## triage: %s (%d rows, %s)%n%nThe assessment the server runs: red flags and danger-zone vital signs,"
						+ " softer rules, and the `%s` head of `%s` trained on its %d examples (bundled encoder, the"
						+ " server's training options). Label map: %s.%n%n",
				this.data.getFileName(), rows.size(), counts(rows), headName, this.assistantId,
				examples.examples().size(), this.labelMap == null ? "level names" : "`" + this.labelMap + "`"));
		md.append("| assessment | accuracy | under-triage of emergencies | under-triage (any level) | over-triage"
				+ " | emergencies over-triaged from lower levels | rows that would get follow-up questions |\n");
		md.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (Map.Entry<String, Tally> entry : Map.of("rules + urgency head (server)", server, "rules only", rules)
			.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Tally>comparingByKey().reversed())
			.toList()) {
			Tally t = entry.getValue();
			md.append(String.format(Locale.ROOT, "| %s | %.3f (%d/%d) | %.3f (%d/%d) | %.3f (%d) | %.3f (%d) | %d | %d |%n",
					entry.getKey(), t.accuracy(), t.correct, t.total, t.emergencyUnderTriageRate(),
					t.emergenciesUnderTriaged, t.gold(UrgencyLevel.EMERGENCY), (double) t.underTriaged / t.total,
					t.underTriaged, (double) t.overTriaged / t.total, t.overTriaged, t.falseEmergencies, t.followUps));
		}
		confusion(md, "rules + urgency head", server);
		confusion(md, "rules only", rules);
		md.append("\n| level | precision | recall | F1 | true | assigned |\n|---|---:|---:|---:|---:|---:|\n");
		for (UrgencyLevel level : LEVELS) {
			md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %d | %d |%n", level.label(),
					server.precision(level), server.recall(level), server.f1(level), server.gold(level),
					server.assigned(level)));
		}
		md.append(String.format(Locale.ROOT, "%nMacro-F1 %.3f (rules only %.3f).%n", server.macroF1(), rules.macroF1()));
		md.append(String.format(Locale.ROOT, "%nPer row: %.2f ms with the head (its encoder pass included), %.3f ms for"
				+ " the rules alone.%n", assessMillis, rulesMillis));
		return md.toString();
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

	private static Map<String, Integer> counts(List<Row> rows) {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (UrgencyLevel level : LEVELS) {
			int n = (int) rows.stream().filter(row -> row.gold() == level).count();
			if (n > 0) {
				counts.put(level.label(), n);
			}
		}
		return counts;
	}

	static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

	/** One labelled row; {@code number} counts data rows from 1. */
	record Row(int number, String text, UrgencyLevel gold) {
	}

	/** Counts of one assessment variant over the rows. */
	static final class Tally {

		final Map<UrgencyLevel, Map<UrgencyLevel, Integer>> matrix = new EnumMap<>(UrgencyLevel.class);

		int total;

		int correct;

		int underTriaged;

		int overTriaged;

		int emergenciesUnderTriaged;

		int falseEmergencies;

		int followUps;

		static Tally of(List<Row> rows, List<TriageAssessment> assessed) {
			Tally tally = new Tally();
			for (UrgencyLevel gold : UrgencyLevel.values()) {
				Map<UrgencyLevel, Integer> row = new EnumMap<>(UrgencyLevel.class);
				for (UrgencyLevel assigned : UrgencyLevel.values()) {
					row.put(assigned, 0);
				}
				tally.matrix.put(gold, row);
			}
			for (int i = 0; i < rows.size(); i++) {
				UrgencyLevel gold = rows.get(i).gold();
				TriageAssessment assessment = assessed.get(i);
				UrgencyLevel assigned = assessment.level();
				tally.total++;
				tally.matrix.get(gold).merge(assigned, 1, Integer::sum);
				int order = assigned.compareTo(gold);
				tally.correct += order == 0 ? 1 : 0;
				tally.underTriaged += order < 0 ? 1 : 0;
				tally.overTriaged += order > 0 ? 1 : 0;
				tally.emergenciesUnderTriaged += gold == UrgencyLevel.EMERGENCY && order < 0 ? 1 : 0;
				tally.falseEmergencies += assigned == UrgencyLevel.EMERGENCY && gold != UrgencyLevel.EMERGENCY ? 1 : 0;
				tally.followUps += assessment.needsFollowUp() ? 1 : 0;
			}
			return tally;
		}

		double accuracy() {
			return (double) this.correct / this.total;
		}

		int gold(UrgencyLevel level) {
			return this.matrix.get(level).values().stream().mapToInt(Integer::intValue).sum();
		}

		int assigned(UrgencyLevel level) {
			return this.matrix.values().stream().mapToInt(row -> row.get(level)).sum();
		}

		double emergencyUnderTriageRate() {
			int emergencies = gold(UrgencyLevel.EMERGENCY);
			return emergencies == 0 ? 0 : (double) this.emergenciesUnderTriaged / emergencies;
		}

		double precision(UrgencyLevel level) {
			int assigned = assigned(level);
			return assigned == 0 ? 0 : (double) this.matrix.get(level).get(level) / assigned;
		}

		double recall(UrgencyLevel level) {
			int gold = gold(level);
			return gold == 0 ? 0 : (double) this.matrix.get(level).get(level) / gold;
		}

		double f1(UrgencyLevel level) {
			double p = precision(level);
			double r = recall(level);
			return p + r == 0 ? 0 : 2 * p * r / (p + r);
		}

		/** Mean F1 over the levels present in the labels. */
		double macroF1() {
			return LEVELS.stream().filter(level -> gold(level) > 0).mapToDouble(this::f1).average().orElse(0);
		}

		Map<String, Object> summary() {
			Map<String, Object> summary = new LinkedHashMap<>();
			summary.put("accuracy", round(accuracy(), 4));
			summary.put("macroF1", round(macroF1(), 4));
			summary.put("emergencyUnderTriageRate", round(emergencyUnderTriageRate(), 4));
			summary.put("emergenciesUnderTriaged", this.emergenciesUnderTriaged);
			summary.put("underTriaged", this.underTriaged);
			summary.put("overTriaged", this.overTriaged);
			summary.put("nonEmergenciesAssignedEmergency", this.falseEmergencies);
			summary.put("rowsNeedingFollowUp", this.followUps);
			Map<String, Object> perLevel = new LinkedHashMap<>();
			for (UrgencyLevel level : LEVELS) {
				perLevel.put(level.label(), Map.of("precision", round(precision(level), 4), "recall",
						round(recall(level), 4), "f1", round(f1(level), 4), "true", gold(level), "assigned",
						assigned(level)));
			}
			summary.put("perLevel", perLevel);
			Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
			for (UrgencyLevel gold : LEVELS) {
				Map<String, Integer> row = new LinkedHashMap<>();
				for (UrgencyLevel assigned : LEVELS) {
					row.put(assigned.label(), this.matrix.get(gold).get(assigned));
				}
				confusion.put(gold.label(), row);
			}
			summary.put("confusion", confusion);
			return summary;
		}

	}

}
