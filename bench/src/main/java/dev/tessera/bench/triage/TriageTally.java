package dev.tessera.bench.triage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.domains.triage.TriageAssessment;
import dev.tessera.domains.triage.UrgencyLevel;

/**
 * Counts of one assessment over labelled cases. A case the assessment did not give a level to (unreadable) counts as
 * wrong, and as under-triaged when it is an emergency; so does an emergency that got a question instead of the
 * emergency reply.
 */
final class TriageTally {

	static final List<UrgencyLevel> LEVELS = List.of(UrgencyLevel.EMERGENCY, UrgencyLevel.URGENT,
			UrgencyLevel.ROUTINE, UrgencyLevel.SELF_CARE);

	/** [gold][assigned], assigned index 4: no level given. */
	final int[][] matrix = new int[4][5];

	int total;

	int correct;

	int emergencies;

	int emergenciesUnderTriaged;

	int underTriaged;

	int overTriaged;

	int falseEmergencies;

	int followUps;

	int raisedByBand;

	void add(UrgencyLevel gold, TriageAssessment assessment) {
		Optional<UrgencyLevel> assigned = assessment.unreadable().isPresent() ? Optional.empty()
				: Optional.of(assessment.level());
		this.total++;
		this.matrix[LEVELS.indexOf(gold)][assigned.map(LEVELS::indexOf).orElse(4)]++;
		int order = assigned.map(a -> a.compareTo(gold)).orElse(-1);
		this.correct += order == 0 ? 1 : 0;
		this.underTriaged += order < 0 ? 1 : 0;
		this.overTriaged += order > 0 ? 1 : 0;
		if (gold == UrgencyLevel.EMERGENCY) {
			this.emergencies++;
			this.emergenciesUnderTriaged += order < 0 ? 1 : 0;
		}
		this.falseEmergencies += assigned.filter(a -> a == UrgencyLevel.EMERGENCY).isPresent()
				&& gold != UrgencyLevel.EMERGENCY ? 1 : 0;
		this.followUps += assessment.needsFollowUp() ? 1 : 0;
		this.raisedByBand += assessment.uncertain() ? 1 : 0;
	}

	static TriageTally of(List<Case> cases, List<TriageAssessment> assessed) {
		TriageTally tally = new TriageTally();
		for (int i = 0; i < cases.size(); i++) {
			tally.add(cases.get(i).gold(), assessed.get(i));
		}
		return tally;
	}

	double accuracy() {
		return this.total == 0 ? 0 : (double) this.correct / this.total;
	}

	double emergencyUnderTriageRate() {
		return this.emergencies == 0 ? 0 : (double) this.emergenciesUnderTriaged / this.emergencies;
	}

	int gold(UrgencyLevel level) {
		int n = 0;
		for (int a = 0; a < 5; a++) {
			n += this.matrix[LEVELS.indexOf(level)][a];
		}
		return n;
	}

	int assigned(UrgencyLevel level) {
		int n = 0;
		for (int g = 0; g < 4; g++) {
			n += this.matrix[g][LEVELS.indexOf(level)];
		}
		return n;
	}

	double recall(UrgencyLevel level) {
		int gold = gold(level);
		return gold == 0 ? 0 : (double) this.matrix[LEVELS.indexOf(level)][LEVELS.indexOf(level)] / gold;
	}

	double precision(UrgencyLevel level) {
		int assigned = assigned(level);
		return assigned == 0 ? 0 : (double) this.matrix[LEVELS.indexOf(level)][LEVELS.indexOf(level)] / assigned;
	}

	Map<String, Object> summary() {
		Map<String, Object> s = new LinkedHashMap<>();
		s.put("cases", this.total);
		s.put("accuracy", round(accuracy()));
		s.put("emergencies", this.emergencies);
		s.put("emergenciesUnderTriaged", this.emergenciesUnderTriaged);
		s.put("emergencyUnderTriageRate", round(emergencyUnderTriageRate()));
		s.put("underTriaged", this.underTriaged);
		s.put("overTriaged", this.overTriaged);
		s.put("nonEmergenciesAssignedEmergency", this.falseEmergencies);
		s.put("withFollowUpQuestion", this.followUps);
		s.put("raisedByUncertainBand", this.raisedByBand);
		Map<String, Object> perLevel = new LinkedHashMap<>();
		for (UrgencyLevel level : LEVELS) {
			perLevel.put(level.label(), Map.of("precision", round(precision(level)), "recall", round(recall(level)),
					"true", gold(level), "assigned", assigned(level)));
		}
		s.put("perLevel", perLevel);
		Map<String, Map<String, Integer>> confusion = new LinkedHashMap<>();
		for (UrgencyLevel gold : LEVELS) {
			Map<String, Integer> row = new LinkedHashMap<>();
			for (int a = 0; a < 5; a++) {
				row.put(a == 4 ? "no-level" : LEVELS.get(a).label(), this.matrix[LEVELS.indexOf(gold)][a]);
			}
			confusion.put(gold.label(), row);
		}
		s.put("confusion", confusion);
		return s;
	}

	/** One row of the summary table. */
	String row(String name) {
		return String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f (%d/%d) | %.3f | %.3f | %.3f | %.3f | %d | %d |%n", name,
				this.total, accuracy(), emergencyUnderTriageRate(), this.emergenciesUnderTriaged, this.emergencies,
				recall(UrgencyLevel.URGENT), recall(UrgencyLevel.ROUTINE), recall(UrgencyLevel.SELF_CARE),
				this.total == 0 ? 0 : (double) this.falseEmergencies / this.total, this.followUps, this.raisedByBand);
	}

	static String header() {
		return "| evaluation | cases | accuracy | emergencies under-triaged | urgent recall | routine recall"
				+ " | self-care recall | share called emergency wrongly | with a question | raised by the band |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
	}

	String confusion(String title) {
		StringBuilder md = new StringBuilder("\n" + title + " (rows true level, columns assigned)\n\n");
		md.append("| true \\ assigned | emergency | urgent | routine | self-care | no level | recall |\n")
			.append("|---|---:|---:|---:|---:|---:|---:|\n");
		for (UrgencyLevel gold : LEVELS) {
			md.append("| ").append(gold.label());
			for (int a = 0; a < 5; a++) {
				md.append(" | ").append(this.matrix[LEVELS.indexOf(gold)][a]);
			}
			md.append(String.format(Locale.ROOT, " | %.3f |%n", recall(gold)));
		}
		return md.toString();
	}

	/**
	 * Under-triage of emergencies and accuracy per group (sex; age band), with counts; a group with at least 30
	 * emergencies passes when its rate is at most 1.5 times the overall rate plus two points.
	 */
	static List<Map<String, Object>> fairness(List<Case> cases, List<TriageAssessment> assessed, TriageTally overall) {
		List<Map<String, Object>> groups = new ArrayList<>();
		Function<TriageAssessment, String> sex = a -> "sex " + a.findings().get("sex").map(f -> f.value()).orElse("not given");
		Function<TriageAssessment, String> age = a -> {
			if (a.facts().ageYears().isEmpty()) {
				return "age not given";
			}
			double years = a.facts().ageYears().getAsDouble();
			return years < 18 ? "age < 18" : years < 65 ? "age 18-64" : "age >= 65";
		};
		for (Function<TriageAssessment, String> by : List.of(sex, age)) {
			Map<String, TriageTally> tallies = new java.util.TreeMap<>();
			for (int i = 0; i < cases.size(); i++) {
				tallies.computeIfAbsent(by.apply(assessed.get(i)), k -> new TriageTally())
					.add(cases.get(i).gold(), assessed.get(i));
			}
			double limit = 1.5 * overall.emergencyUnderTriageRate() + 0.02;
			tallies.forEach((group, t) -> {
				Map<String, Object> g = new LinkedHashMap<>();
				g.put("group", group);
				g.put("cases", t.total);
				g.put("accuracy", round(t.accuracy()));
				g.put("emergencies", t.emergencies);
				g.put("emergenciesUnderTriaged", t.emergenciesUnderTriaged);
				g.put("emergencyUnderTriageRate", round(t.emergencyUnderTriageRate()));
				g.put("check", t.emergencies < 30 ? "fewer than 30 emergencies: reported only"
						: t.emergencyUnderTriageRate() <= limit + 1e-9 ? "pass" : "FAIL");
				groups.add(g);
			});
		}
		return groups;
	}

	static String fairnessTable(List<Map<String, Object>> groups) {
		StringBuilder md = new StringBuilder("| group | cases | accuracy | emergencies | under-triaged | rate | check |\n"
				+ "|---|---:|---:|---:|---:|---:|---|\n");
		for (Map<String, Object> g : groups) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %s | %s | %.3f | %s |%n", g.get("group"),
					g.get("cases"), (Double) g.get("accuracy"), g.get("emergencies"), g.get("emergenciesUnderTriaged"),
					(Double) g.get("emergencyUnderTriageRate"), g.get("check")));
		}
		return md.toString();
	}

	static double round(double v) {
		return Math.round(v * 1000) / 1000.0;
	}

}
