package dev.tessera.bench.learn;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.Logger;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.report.Report;
import dev.tessera.core.heads.HeadEvaluation;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.LabelledExample;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.core.heads.TrainedHead;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.core.learning.LearningRound;
import dev.tessera.core.heads.OperatingThreshold;
import dev.tessera.core.learning.PromotionGate;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Learning from escalations, simulated: a head starts from a few examples per label, the rest of the training file
 * arrives as traffic, every message the head escalates has its true label revealed (standing in for the reviewer),
 * and every N accepted examples a new version is trained and goes through the same promotion gate and operating-point
 * fit as the server's ({@link LearningRound}). After each round the serving head is measured on the evaluation file,
 * which plays no part in any choice.
 */
@Command(name = "learn", mixinStandardHelpOptions = true,
		description = "Learning from escalations: escalation rate and local accuracy per retraining round, against a"
				+ " head trained on all the data.")
public class LearnCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	@Option(names = "--train", required = true, description = "Training CSV: the seed examples and the traffic.")
	Path train;

	@Option(names = "--test", description = "Evaluation CSV (never used for a choice).")
	Path test;

	@Option(names = "--dev-share", defaultValue = "0",
			description = "Instead of --test, hold out this share of the training file (seeded) and evaluate on it:"
					+ " for developing the method without looking at the test file.")
	double devShare;

	@Option(names = "--text-col", defaultValue = "text")
	String textColumn;

	@Option(names = "--label-col", defaultValue = "label")
	String labelColumn;

	@Option(names = "--seed-per-label", defaultValue = "10")
	int seedPerLabel;

	@Option(names = "--retrain-every", defaultValue = "500", description = "Accepted examples per retraining round.")
	int retrainEvery;

	@Option(names = "--target", defaultValue = "0.97", description = "Local accuracy the operating point is fitted for.")
	double target;

	@Option(names = "--spot-check-share", defaultValue = "0.1",
			description = "Share of the messages the head answers itself that are reviewed too (never trained on):"
					+ " with the held-back escalations they are the slice the operating point is fitted on.")
	double spotCheckShare;

	@Option(names = "--poison-round", defaultValue = "0",
			description = "Give the accepted examples of this round wrong labels (each label replaced by the next one):"
					+ " the gate must refuse the version trained on them. 0 = none.")
	int poisonRound;

	@Option(names = "--labels", defaultValue = "0",
			description = "Use only the first N labels (sorted) of the data: a smaller run. 0 = all.")
	int labelLimit;

	@Option(names = "--threads", defaultValue = "0")
	int threads;

	@Option(names = "--seed", defaultValue = "42")
	long seed;

	@Option(names = "--out", defaultValue = "bench/target/reports/learn.json")
	Path out;

	private static final Logger TRIBUO_LOG = Logger.getLogger("org.tribuo");

	@Override
	public Integer call() throws Exception {
		TRIBUO_LOG.setLevel(Level.WARNING);
		if ((this.test == null) == (this.devShare <= 0)) {
			throw new IllegalArgumentException("give either --test or --dev-share");
		}
		List<LabelledExample> all = new ArrayList<>(
				TrainingSet.fromCsv(this.train, this.textColumn, this.labelColumn).examples());
		if (this.labelLimit > 0) {
			java.util.Set<String> kept = new java.util.TreeSet<>(all.stream().map(LabelledExample::label).toList())
				.stream()
				.limit(this.labelLimit)
				.collect(java.util.stream.Collectors.toSet());
			all.removeIf(e -> !kept.contains(e.label()));
		}
		Random random = new Random(this.seed);
		Collections.shuffle(all, random);
		List<LabelledExample> evaluation;
		String evaluatedOn;
		if (this.test != null) {
			java.util.Set<String> trained = new java.util.HashSet<>(all.stream().map(LabelledExample::label).toList());
			evaluation = TrainingSet.fromCsv(this.test, this.textColumn, this.labelColumn)
				.examples()
				.stream()
				.filter(e -> trained.contains(e.label()))
				.toList();
			evaluatedOn = this.test.toString();
		}
		else {
			int held = (int) Math.round(all.size() * this.devShare);
			evaluation = List.copyOf(all.subList(0, held));
			all = new ArrayList<>(all.subList(held, all.size()));
			evaluatedOn = String.format(Locale.ROOT, "%.0f%% of %s held out (seed %d)", this.devShare * 100, this.train,
					this.seed);
		}
		// the seed: the first examples of each label in the shuffled order; the traffic: everything else, in order
		Map<String, Integer> taken = new TreeMap<>();
		List<LabelledExample> seedExamples = new ArrayList<>();
		List<LabelledExample> stream = new ArrayList<>();
		for (LabelledExample example : all) {
			int count = taken.merge(example.label(), 1, Integer::sum);
			(count <= this.seedPerLabel ? seedExamples : stream).add(example);
		}
		List<String> labels = new ArrayList<>(taken.keySet());
		HeadTrainingOptions options = HeadTrainingOptions.defaults();
		String oos = options.outOfScopeLabel();
		PromotionGate gate = PromotionGate.forTarget(this.target, oos, Optional.empty());
		Map<String, Object> report = new LinkedHashMap<>();
		try (SentenceEncoder encoder = this.encoderOption.open(this.threads)) {
			CachingEmbedder embedder = new CachingEmbedder(encoder);
			LinkedHashSet<String> texts = new LinkedHashSet<>();
			all.forEach(e -> texts.add(e.text()));
			evaluation.forEach(e -> texts.add(e.text()));
			// the vectors are kept beside the report for later runs on the same texts
			embedder.load(new ArrayList<>(texts), this.out.toAbsolutePath().getParent().resolve("cache"), "learn");
			TaskHeadTrainer trainer = new TaskHeadTrainer(embedder);
			List<String> evalTexts = evaluation.stream().map(LabelledExample::text).toList();
			List<String> evalGold = evaluation.stream().map(LabelledExample::label).toList();

			// the reference: a head trained on all the traffic, its point fitted the same way
			long started = System.nanoTime();
			TrainedHead full = trainer.train("intent", TrainingSet.of(all), options);
			OperatingThreshold fullPoint = LearningRound.fitPoint(full, this.target);
			Map<String, Object> reference = measure(full.head(), fullPoint, evalTexts, evalGold, oos);
			reference.put("trainedOn", all.size());
			reference.put("trainSeconds", round((System.nanoTime() - started) / 1e9, 1));
			System.out.println("Head on all " + all.size() + " examples: " + reference);

			// round 0: the seed alone
			TrainingSet pack = TrainingSet.of(seedExamples);
			TrainedHead seeded = trainer.train("intent", pack, options);
			TaskHead serving = seeded.head();
			// learned versions never train on the pack's holdout; the seed head is judged through its twin without it
			TaskHead twin = trainer.train("intent", LearningRound.trainingSet(pack, List.of()), options).head();
			List<LabelledExample> judgedHeldBackList = new ArrayList<>();
			List<LabelledExample> judgedSpotCheckList = new ArrayList<>();
			OperatingThreshold point = LearningRound.fitPoint(seeded, this.target);
			List<Map<String, Object>> rounds = new ArrayList<>();
			Map<String, Object> first = measure(serving, point, evalTexts, evalGold, oos);
			first.put("round", 0);
			first.put("trafficSeen", 0);
			first.put("accepted", 0);
			first.put("trainedOn", seedExamples.size());
			first.put("promoted", true);
			rounds.add(first);
			System.out.println("Round 0 (seed " + seedExamples.size() + "): " + first);

			List<LabelledExample> accepted = new ArrayList<>(); // trained on
			List<LabelledExample> heldBack = new ArrayList<>(); // never trained on: the gate's and the point's slice
			List<LabelledExample> spotChecks = new ArrayList<>(); // never trained on
			Random spotCheck = new Random(this.seed + 1);
			int localInRound = 0;
			int localRightInRound = 0;
			int sinceRetrain = 0;
			int judgedHeldBack = 0;
			int judgedSpotChecks = 0;
			int escalatedInRound = 0;
			int seenInRound = 0;
			int round = 1;
			for (int m = 0; m < stream.size(); m++) {
				LabelledExample message = stream.get(m);
				HeadPrediction prediction = serving.predict(message.text());
				seenInRound++;
				if (point.answersLocally(prediction)) {
					localInRound++;
					localRightInRound += prediction.label().equals(message.label()) ? 1 : 0;
					if (spotCheck.nextDouble() < this.spotCheckShare) {
						spotChecks.add(message);
					}
				}
				else {
					escalatedInRound++;
					// the reviewer's label; in the poisoned round, a wrong one
					String label = round == this.poisonRound ? next(labels, message.label()) : message.label();
					LabelledExample reviewed = new LabelledExample(message.text(), label);
					// every fifth accepted example is held back from training
					if (LearningRound.heldBack(accepted.size() + heldBack.size())) {
						heldBack.add(reviewed);
					}
					else {
						accepted.add(reviewed);
					}
					sinceRetrain++;
				}
				boolean last = m == stream.size() - 1;
				if (sinceRetrain >= this.retrainEvery || last && sinceRetrain > 0) {
					long roundStarted = System.nanoTime();
					TrainedHead candidate = trainer.train("intent", LearningRound.trainingSet(pack, accepted), options);
					LearningRound.Judged judged = LearningRound.Judged.of(LearningRound.packHoldout(pack),
							new LearningRound.Slice(judgedHeldBackList, judgedSpotCheckList, this.spotCheckShare));
					LearningRound.Outcome outcome = new LearningRound(gate, this.target).judge(serving, twin, candidate,
							judged, new LearningRound.Slice(heldBack, spotChecks, this.spotCheckShare));
					Map<String, Object> row = new LinkedHashMap<>();
					row.put("round", round);
					row.put("trafficSeen", m + 1);
					row.put("trafficEscalated", round(escalatedInRound / (double) seenInRound, 4));
					// the traffic's true labels are known here: how right the local answers of the round were
					row.put("trafficLocalAccuracy",
							localInRound == 0 ? null : round(localRightInRound / (double) localInRound, 4));
					row.put("spotChecks", spotChecks.size());
					row.put("accepted", accepted.size() + heldBack.size());
					row.put("heldBack", heldBack.size());
					row.put("trainedOn", LearningRound.packForTraining(pack).size() + accepted.size());
					row.put("poisoned", round == this.poisonRound);
					row.put("promoted", outcome.verdict().promote());
					row.put("gate", outcome.verdict().describe());
					if (outcome.verdict().promote()) {
						serving = outcome.candidate().head();
						twin = serving;
						point = outcome.candidatePoint();
					}
					row.putAll(measure(serving, point, evalTexts, evalGold, oos));
					row.put("roundSeconds", round((System.nanoTime() - roundStarted) / 1e9, 1));
					rounds.add(row);
					System.out.println("Round " + round + ": " + row);
					if (round == this.poisonRound) {
						// the reviewer's mistake is found and the batch withdrawn, as an operator would
						dropLast(accepted, heldBack, sinceRetrain);
					}
					else {
						// this round's reviewed traffic joins what later rounds are judged on
						judgedHeldBackList.addAll(heldBack.subList(judgedHeldBack, heldBack.size()));
						judgedSpotCheckList.addAll(spotChecks.subList(judgedSpotChecks, spotChecks.size()));
					}
					judgedHeldBack = heldBack.size();
					judgedSpotChecks = spotChecks.size();
					round++;
					sinceRetrain = 0;
					escalatedInRound = 0;
					seenInRound = 0;
					localInRound = 0;
					localRightInRound = 0;
				}
			}
			report.put("command", "learn");
			report.put("train", this.train.toString());
			report.put("evaluatedOn", evaluatedOn);
			report.put("encoder", encoder.name());
			report.put("labels", labels.size());
			report.put("seedPerLabel", this.seedPerLabel);
			report.put("seedExamples", seedExamples.size());
			report.put("traffic", stream.size());
			report.put("evaluationExamples", evaluation.size());
			report.put("retrainEvery", this.retrainEvery);
			report.put("targetLocalAccuracy", this.target);
			report.put("heldBackEvery", LearningRound.HELD_BACK_EVERY);
			report.put("poisonRound", this.poisonRound);
			report.put("spotCheckShare", this.spotCheckShare);
			report.put("allData", reference);
			report.put("rounds", rounds);
			report.put("targets", targets(rounds, reference));
		}
		Report.write(this.out, report, markdown(report));
		return 0;
	}

	/** The serving head on the evaluation file: overall accuracy, and at its operating point. */
	private static Map<String, Object> measure(TaskHead head, OperatingThreshold point, List<String> texts,
			List<String> gold, String oos) {
		List<HeadPrediction> predictions = head.predict(texts);
		OperatingThreshold.Applied applied = point.apply(gold, predictions);
		HeadEvaluation evaluation = HeadEvaluation.of(gold, predictions, null);
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("threshold", round(point.threshold(), 4));
		// nothing answered locally: no local accuracy to give (null in the report), and no local answer wrong
		row.put("localAccuracy", Double.isNaN(applied.localAccuracy()) ? null : round(applied.localAccuracy(), 4));
		row.put("escalationRate", round(applied.escalationRate(), 4));
		row.put("accuracy", round(evaluation.accuracy(), 4));
		row.put("ece", round(evaluation.expectedCalibrationError(), 4));
		row.put("oracleEscalationFor97", evaluation.selective().escalationForAccuracy().get(0.97));
		return row;
	}

	private static Map<String, Object> targets(List<Map<String, Object>> rounds, Map<String, Object> reference) {
		double worstLocal = rounds.stream()
			.filter(r -> r.get("localAccuracy") != null)
			.mapToDouble(r -> (double) r.get("localAccuracy"))
			.min()
			.orElse(Double.NaN);
		double finalEscalation = (double) rounds.getLast().get("escalationRate");
		double referenceEscalation = (double) reference.get("escalationRate");
		Map<String, Object> targets = new LinkedHashMap<>();
		targets.put("worstLocalAccuracy", worstLocal);
		targets.put("localAccuracyAtLeast0.97EveryRound", worstLocal >= 0.97);
		targets.put("finalEscalationRate", finalEscalation);
		targets.put("allDataEscalationRate", referenceEscalation);
		targets.put("finalOverAllData", round(finalEscalation / referenceEscalation, 3));
		targets.put("finalWithin1.5xAllData", finalEscalation <= 1.5 * referenceEscalation);
		rounds.stream()
			.filter(r -> Boolean.TRUE.equals(r.get("poisoned")))
			.findFirst()
			.ifPresent(r -> targets.put("poisonedRoundRefused", !(boolean) r.get("promoted")));
		return targets;
	}

	@SuppressWarnings("unchecked")
	private static String markdown(Map<String, Object> report) {
		StringBuilder md = new StringBuilder();
		md.append("# Learning from escalations\n\n");
		md.append(String.format(Locale.ROOT,
				"Seed %s examples (%s per label, %s labels); traffic %s messages; retrain every %s accepted examples;"
						+ " every %s-th accepted example held back; %s of the locally answered traffic spot-checked;"
						+ " operating point fitted for local accuracy %s on reviewed traffic the head was not trained on"
						+ " (weighted to stand for the traffic). Evaluated on %s (%s examples, no choice made on it)."
						+ " Encoder %s.%n%n",
				report.get("seedExamples"), report.get("seedPerLabel"), report.get("labels"), report.get("traffic"),
				report.get("retrainEvery"), report.get("heldBackEvery"), report.get("spotCheckShare"),
				report.get("targetLocalAccuracy"),
				report.get("evaluatedOn"), report.get("evaluationExamples"), report.get("encoder")));
		md.append("| round | traffic seen | traffic escalated in round | traffic local accuracy in round | accepted | spot checks | trained on | promoted | threshold | local accuracy | escalation rate | accuracy | ECE |\n");
		md.append("|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n");
		for (Map<String, Object> r : (List<Map<String, Object>>) report.get("rounds")) {
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s%s | %s | %s | %s | %s | %s |%n",
					r.get("round"), r.get("trafficSeen"), r.getOrDefault("trafficEscalated", ""),
					r.getOrDefault("trafficLocalAccuracy", ""), r.get("accepted"), r.getOrDefault("spotChecks", 0),
					r.get("trainedOn"), r.get("promoted"), Boolean.TRUE.equals(r.get("poisoned")) ? " (poisoned)" : "",
					r.get("threshold"), r.get("localAccuracy"), r.get("escalationRate"), r.get("accuracy"),
					r.get("ece")));
		}
		Map<String, Object> ref = (Map<String, Object>) report.get("allData");
		md.append(String.format(Locale.ROOT, "| all data | | | | | | %s | | %s | %s | %s | %s | %s |%n%n", ref.get("trainedOn"),
				ref.get("threshold"), ref.get("localAccuracy"), ref.get("escalationRate"), ref.get("accuracy"),
				ref.get("ece")));
		md.append("Targets: ").append(report.get("targets")).append("\n\n");
		for (Map<String, Object> r : (List<Map<String, Object>>) report.get("rounds")) {
			if (r.containsKey("gate")) {
				md.append("- round ").append(r.get("round")).append(": ").append(r.get("gate")).append('\n');
			}
		}
		return md.toString();
	}

	private static String next(List<String> labels, String label) {
		return labels.get((labels.indexOf(label) + 1) % labels.size());
	}

	/** Removes the last {@code count} accepted examples from the lists they were dealt to. */
	private static void dropLast(List<LabelledExample> accepted, List<LabelledExample> heldBack, int count) {
		for (int k = 0; k < count; k++) {
			int total = accepted.size() + heldBack.size() - 1;
			if (LearningRound.heldBack(total)) {
				heldBack.removeLast();
			}
			else {
				accepted.removeLast();
			}
		}
	}

	private static double round(double value, int digits) {
		double scale = Math.pow(10, digits);
		return Math.round(value * scale) / scale;
	}

}
