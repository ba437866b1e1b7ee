package dev.tessera.bench.triage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.report.Report;
import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.domains.triage.AcuityModel;
import dev.tessera.domains.triage.AcuityTrainer;
import dev.tessera.domains.triage.AcuityTrainer.Case;
import dev.tessera.domains.triage.TriageAssessment;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageReason;
import dev.tessera.domains.triage.UrgencyLevel;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * The honest figures of the triage assessment: the acuity model is trained, and its operating point chosen, on
 * training folds or training sources only, and the whole assessment (model, floor, band) is scored on what was held
 * out — k folds of the pooled cases, and every source against every other (train on one, test on the other). Each
 * evaluation runs twice: on the cases as written, and with their findings removed at random (as a chat gives them).
 * Reports accuracy, emergency under-triage, per-level recall, confusion matrices, fairness by sex and age band, and
 * the curve of under- against over-triage of emergencies over the held-out cases.
 */
@Command(name = "triage-cv", mixinStandardHelpOptions = true,
		description = "Cross-validated triage figures: pooled k-fold and source-to-source, each tuned on training data only.")
public class TriageCrossValidationCommand implements Callable<Integer> {

	@Mixin
	TriageSources sources = new TriageSources();

	@Option(names = "--folds", defaultValue = "5")
	int folds;

	@Option(names = "--drop", defaultValue = "0.5",
			description = "Probability that each finding is removed in the 'findings removed' runs (default: ${DEFAULT-VALUE}).")
	double drop;

	@Option(names = "--seed", defaultValue = "11")
	long seed;

	@Option(names = "--pooled-only", description = "only the pooled cross-validation, not source to source (quicker)")
	boolean pooledOnly;

	@Option(names = "--out", defaultValue = "bench/target/reports/triage-cv.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		try (SentenceEncoder encoder = this.sources.openEncoder()) {
			return run(TriageSources.embedder(encoder));
		}
	}

	private int run(TextEmbedder embedder) throws Exception {
		Map<String, List<Case>> bySource = this.sources.read();
		List<Case> all = TriageSources.all(bySource);
		AcuityTrainer trainer = new AcuityTrainer(this.sources.trainerOptions(), embedder);
		List<Evaluation> evaluations = new ArrayList<>();
		// pooled k-fold, stratified by source and level
		List<Integer> order = new ArrayList<>();
		for (int i = 0; i < all.size(); i++) {
			order.add(i);
		}
		Collections.shuffle(order, new Random(this.seed));
		order.sort(Comparator.comparing((Integer i) -> all.get(i).source()).thenComparing(i -> all.get(i).gold()));
		int[] fold = new int[all.size()];
		for (int i = 0; i < order.size(); i++) {
			fold[order.get(i)] = i % this.folds;
		}
		Evaluation pooled = new Evaluation(this.folds + "-fold cross-validation, pooled " + bySource.keySet(),
				"each fold's own training folds");
		Evaluation pooledDropped = new Evaluation(pooled.name + ", findings removed", pooled.tunedOn);
		for (int k = 0; k < this.folds; k++) {
			List<Case> train = new ArrayList<>();
			List<Case> test = new ArrayList<>();
			for (int i = 0; i < all.size(); i++) {
				(fold[i] == k ? test : train).add(all.get(i));
			}
			TriageAssessor assessor = new TriageAssessor(trainer.train(train, "fold-" + k).model(), embedder);
			pooled.add(test, assessor, false);
			pooledDropped.add(test, assessor, true);
		}
		evaluations.add(pooled);
		evaluations.add(pooledDropped);
		for (String from : this.pooledOnly ? List.<String>of() : bySource.keySet()) {
			for (String to : bySource.keySet()) {
				if (from.equals(to)) {
					continue;
				}
				TriageAssessor assessor = new TriageAssessor(trainer.train(bySource.get(from), from).model(), embedder);
				Evaluation cross = new Evaluation("trained on " + from + ", tested on " + to, from + " only");
				Evaluation crossDropped = new Evaluation(cross.name + ", findings removed", cross.tunedOn);
				cross.add(bySource.get(to), assessor, false);
				crossDropped.add(bySource.get(to), assessor, true);
				evaluations.add(cross);
				evaluations.add(crossDropped);
			}
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "triage-cv");
		report.put("sources", bySource.entrySet()
			.stream()
			.map(e -> Map.of("source", e.getKey(), "cases", e.getValue().size()))
			.toList());
		report.put("labelMap", this.sources.labelMap);
		report.put("folds", this.folds);
		report.put("maxOutOfFoldEmergencyUnderTriage", this.sources.maxUnderTriage);
		report.put("encoder", embedder == null ? "none" : embedder.name());
		report.put("findingsRemovedWithProbability", this.drop);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## triage-cv: %s%n%nThe acuity model is trained"
				+ " and its operating point chosen on the training side of each split only; the whole assessment (model,"
				+ " red-flag and danger-zone floor, uncertain band) is scored on the held-out side. \"Findings"
				+ " removed\": each finding of the held-out case (vital signs, mental status, pain score, arrival,"
				+ " age, sex, onset) removed with probability %.2f. An emergency given no level counts as"
				+ " under-triaged.%n%n", bySource.keySet(), this.drop));
		md.append(TriageTally.header());
		List<Map<String, Object>> reported = new ArrayList<>();
		for (Evaluation e : evaluations) {
			md.append(e.tally.row(e.name + " (tuned on " + e.tunedOn + ")"));
		}
		for (Evaluation e : evaluations) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("evaluation", e.name);
			entry.put("tunedOn", e.tunedOn);
			entry.put("summary", e.tally.summary());
			List<Map<String, Object>> fairness = TriageTally.fairness(e.cases, e.assessed, e.tally);
			entry.put("fairness", fairness);
			entry.put("curve", e.curve());
			Map<String, Object> perSource = new LinkedHashMap<>();
			e.bySource().forEach((source, tally) -> perSource.put(source, tally.summary()));
			entry.put("bySource", perSource);
			entry.put("emergencyAuroc", TriageTally.round(e.auroc()));
			reported.add(entry);
			md.append("\n### ").append(e.name).append(" (tuned on ").append(e.tunedOn).append(")\n");
			md.append(String.format(Locale.ROOT, "%nAUROC of the model's P(at least emergency) for emergencies: %.3f.%n",
					e.auroc()));
			md.append(e.tally.confusion("Confusion matrix"));
			if (e.bySource().size() > 1) {
				md.append("\nBy source (the same held-out assessments):\n\n").append(TriageTally.header());
				e.bySource().forEach((source, tally) -> md.append(tally.row(source)));
			}
			md.append(e.deciders());
			md.append("\nBy group:\n\n").append(TriageTally.fairnessTable(fairness));
			md.append("\nUnder- against over-triage of emergencies as the emergency threshold moves (other thresholds"
					+ " as chosen; over the held-out cases, not used to choose anything):\n\n"
					+ "| emergency threshold | emergencies under-triaged | non-emergencies called emergency | accuracy |\n|---:|---:|---:|---:|\n");
			for (Map<String, Object> p : e.curve()) {
				md.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n", p.get("threshold"),
						(Double) p.get("emergenciesUnderTriaged"), (Double) p.get("nonEmergenciesCalledEmergency"),
						(Double) p.get("accuracy")));
			}
		}
		report.put("evaluations", reported);
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/** One held-out evaluation. */
	private final class Evaluation {

		final String name;

		final String tunedOn;

		final TriageTally tally = new TriageTally();

		final List<Case> cases = new ArrayList<>();

		final List<TriageAssessment> assessed = new ArrayList<>();

		final List<AcuityModel.OperatingPoint> points = new ArrayList<>();

		Evaluation(String name, String tunedOn) {
			this.name = name;
			this.tunedOn = tunedOn;
		}

		void add(List<Case> test, TriageAssessor assessor, boolean removeFindings) {
			Random random = new Random(TriageCrossValidationCommand.this.seed + test.size());
			for (Case c : test) {
				String text = removeFindings
						? AcuityTrainer.withFindingsRemoved(c.text(), random, TriageCrossValidationCommand.this.drop)
						: c.text();
				TriageAssessment assessment = assessor.assess(text);
				this.cases.add(c);
				this.assessed.add(assessment);
				this.points.add(assessor.model().point());
				this.tally.add(c.gold(), assessment);
			}
		}

		/**
		 * What set the level of the mistriaged emergencies and of the non-emergencies called emergency: the first
		 * reason of the assessment (a red flag, a danger-zone reading, the model, or the model's uncertain band), so
		 * that the errors can be traced to the part that made them.
		 */
		String deciders() {
			Map<String, Integer> under = new TreeMap<>();
			Map<String, Integer> over = new TreeMap<>();
			for (int i = 0; i < this.cases.size(); i++) {
				TriageAssessment a = this.assessed.get(i);
				String decider = a.unreadable().isPresent() ? "no level" : a.reasons().getFirst().rule();
				boolean emergency = this.cases.get(i).gold() == UrgencyLevel.EMERGENCY;
				if (emergency && (a.unreadable().isPresent() || a.level() != UrgencyLevel.EMERGENCY)) {
					under.merge(decider, 1, Integer::sum);
				}
				else if (!emergency && a.unreadable().isEmpty() && a.level() == UrgencyLevel.EMERGENCY) {
					over.merge(decider, 1, Integer::sum);
				}
			}
			StringBuilder md = new StringBuilder("\nWhat set the level of the errors about emergencies (the assessment's"
					+ " first reason):\n\n| error | set by | cases |\n|---|---|---:|\n");
			under.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.forEach(e -> md.append("| emergency under-triaged | ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
			over.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
				.forEach(e -> md.append("| non-emergency called emergency | ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
			return md.toString();
		}

		/** The held-out cases' tallies per source. */
		Map<String, TriageTally> bySource() {
			Map<String, TriageTally> tallies = new LinkedHashMap<>();
			for (int i = 0; i < this.cases.size(); i++) {
				tallies.computeIfAbsent(this.cases.get(i).source(), k -> new TriageTally())
					.add(this.cases.get(i).gold(), this.assessed.get(i));
			}
			return tallies;
		}

		/** Area under the ROC curve of P(at least emergency), emergencies against the rest (ties count half). */
		double auroc() {
			List<Double> positives = new ArrayList<>();
			List<Double> negatives = new ArrayList<>();
			for (int i = 0; i < this.cases.size(); i++) {
				(this.cases.get(i).gold() == UrgencyLevel.EMERGENCY ? positives : negatives)
					.add(this.assessed.get(i).atLeast()[0]);
			}
			double sum = 0;
			for (double p : positives) {
				for (double n : negatives) {
					sum += p > n ? 1 : p == n ? 0.5 : 0;
				}
			}
			return positives.isEmpty() || negatives.isEmpty() ? 0 : sum / positives.size() / negatives.size();
		}

		List<Map<String, Object>> curve() {
			List<Map<String, Object>> curve = new ArrayList<>();
			for (double t : new double[] { 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8 }) {
				int emergencies = 0;
				int under = 0;
				int others = 0;
				int over = 0;
				int correct = 0;
				for (int i = 0; i < this.cases.size(); i++) {
					TriageAssessment a = this.assessed.get(i);
					AcuityModel.OperatingPoint chosen = this.points.get(i);
					AcuityModel.OperatingPoint point = new AcuityModel.OperatingPoint(t, chosen.urgent(),
							chosen.routine(), chosen.band());
					UrgencyLevel level = point.decide(a.atLeast()).level();
					for (TriageReason r : a.reasons()) {
						if (!r.rule().startsWith("model:")) {
							level = level.atLeast(r.level());
						}
					}
					boolean emergency = level == UrgencyLevel.EMERGENCY && a.unreadable().isEmpty();
					correct += a.unreadable().isEmpty() && level == this.cases.get(i).gold() ? 1 : 0;
					if (this.cases.get(i).gold() == UrgencyLevel.EMERGENCY) {
						emergencies++;
						under += emergency ? 0 : 1;
					}
					else {
						others++;
						over += emergency ? 1 : 0;
					}
				}
				Map<String, Object> p = new LinkedHashMap<>();
				p.put("threshold", t);
				p.put("emergenciesUnderTriaged", TriageTally.round(emergencies == 0 ? 0 : (double) under / emergencies));
				p.put("nonEmergenciesCalledEmergency", TriageTally.round(others == 0 ? 0 : (double) over / others));
				p.put("accuracy", TriageTally.round((double) correct / this.cases.size()));
				curve.add(p);
			}
			return curve;
		}

	}

}
