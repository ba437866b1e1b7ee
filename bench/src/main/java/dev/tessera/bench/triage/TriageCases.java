package dev.tessera.bench.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.domains.triage.AcuityTrainer;
import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.domains.triage.UrgencyLevel;

/**
 * Labelled triage cases from CSV files: the text column is the first of the given names the file has, the label is
 * mapped to a level, and the after-the-visit diagnosis sentence ("The patient is suspected to have …") is removed
 * from every text, since a patient's description can never hold it. Other columns (such as the ESI file's
 * {@code Rationale}, which states the level) are never read.
 */
final class TriageCases {

	static final String DEFAULT_TEXT_COLUMNS = "text,patient_case,Clinical Vignettes";

	static final String DEFAULT_LABEL_COLUMNS = "label,acuity";

	private TriageCases() {
	}

	/**
	 * @param source the name reports give the file's cases
	 * @param textColumns candidate text columns, comma-separated, first present wins
	 * @param labelColumns candidate label columns, likewise
	 * @param mapping label to level; empty: labels are level names
	 */
	static List<Case> read(String source, Path file, String textColumns, String labelColumns,
			Map<String, UrgencyLevel> mapping) throws Exception {
		List<Map<String, String>> records = CsvColumn.rows(file, 0);
		if (records.isEmpty()) {
			throw new IllegalArgumentException(file + " holds no rows");
		}
		String text = column(records.getFirst(), textColumns, file);
		String label = column(records.getFirst(), labelColumns, file);
		List<Case> cases = new ArrayList<>();
		for (Map<String, String> record : records) {
			String value = record.get(label) == null ? "" : record.get(label).strip();
			if (value.equals("out_of_scope")) {
				continue; // a task head's "none of these" row (a pack's examples/urgency.csv): no level to learn
			}
			// a level's own name (a pack's examples) needs no map
			UrgencyLevel gold = mapping.containsKey(value) ? mapping.get(value) : UrgencyLevel.fromLabel(value).orElse(null);
			if (gold == null) {
				throw new IllegalArgumentException(file + " row " + (cases.size() + 1) + ": label '" + value + "' is "
						+ (mapping.isEmpty() ? "not a level; pass --label-map" : "not in --label-map " + mapping.keySet()));
			}
			cases.add(new Case(source, AcuityTrainer.withoutOutcome(record.getOrDefault(text, "")), gold));
		}
		return cases;
	}

	/** {@code name=path} pairs; a bare path is named after its file. */
	static Map<String, Path> sources(List<String> specs) {
		Map<String, Path> sources = new LinkedHashMap<>();
		for (String spec : specs) {
			int eq = spec.indexOf('=');
			Path path = Path.of(eq < 0 ? spec : spec.substring(eq + 1));
			String name = eq < 0 ? path.getFileName().toString().replaceFirst("\\.csv$", "") : spec.substring(0, eq);
			sources.put(name, path);
		}
		return sources;
	}

	private static String column(Map<String, String> first, String candidates, Path file) {
		for (String name : candidates.split(",")) {
			if (first.containsKey(name.strip())) {
				return name.strip();
			}
		}
		throw new IllegalArgumentException(file + " has none of the columns " + candidates + "; columns: "
				+ first.keySet());
	}

}
