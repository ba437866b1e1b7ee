package dev.tessera.bench.rails;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.inference.EncoderOption;
import dev.tessera.bench.data.CachingEmbedder;
import dev.tessera.bench.rails.InjectionSources.Source;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.InjectionFeatures;
import dev.tessera.guardrails.injection.InjectionModel;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.language.LanguageRail;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The prompt-injection rail on user messages, source by source, over the injection sources of
 * {@code ../shared/data/injection} ({@link InjectionSources}): the share flagged of each source of attacks (recall) and
 * of each source of benign instructions (false positives), and of each attack category where a source has them. The
 * shipped message model is trained on these sources, so its rows say only that it learned them; the estimate for
 * sources it has not seen is {@code --loso}: each source left out of a model trained the same way, then scored.
 */
@Command(name = "injection-sources", mixinStandardHelpOptions = true,
		description = "Prompt-injection rail on user messages, per source of ../shared/data/injection: recall on attack"
				+ " sources, false positives on benign ones.")
public class InjectionSourcesCommand implements Callable<Integer> {

	@Mixin
	EncoderOption encoderOption;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--dir", defaultValue = "../shared/data/injection", description = "The injection data folder.")
	Path dir;

	@Option(names = "--threshold", defaultValue = "0.8", description = "The packs' threshold on user messages.")
	double threshold;

	@Option(names = "--limit", defaultValue = "400", description = "Texts scored per source at most (evenly spread).")
	int limit;

	@Option(names = "--show", defaultValue = "5", description = "Misjudged texts listed per source.")
	int show;

	@Option(names = "--loso", description = "Also train a message model on the shipped recipe plus every source but"
			+ " one, and score that one (leave one source out).")
	boolean loso;

	@Option(names = "--loso-kind", defaultValue = "embedding+words/whole-text", description = "What the left-out"
			+ " models read: embedding+words/whole-text (the message judged whole) or embedding+words (each sentence).")
	String losoKind;

	@Option(names = "--out", defaultValue = "bench/target/reports/injection-sources.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		List<Source> sources = InjectionSources.read(this.dir).stream().map(s -> s.limited(this.limit)).toList();
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## injection-sources: the prompt-injection"
				+ " rail on user messages (threshold %.2f), per source%n%nThe shipped message model was trained on"
				+ " these sources (at most %d texts of each): its rows below are trained-on figures; the leave-one-source-out"
				+ " table is the estimate for unseen sources.%n%n"
				+ "\"Phrasings alone\" is the share the decisive phrasings flag without the model (written, not"
				+ " trained: their figure on every source is an unseen-source figure, apart from the word classes"
				+ " written with missed texts in view, see docs/measurements.md).%n%n"
				+ "| source | kind | texts | flagged | share flagged | phrasings alone |%n|---|---|---:|---:|---:|---:|%n", this.threshold,
				TrainInjectionCommand.SOURCE_CAP));
		StringBuilder categoriesMd = new StringBuilder();
		StringBuilder misjudgedMd = new StringBuilder();
		String losoMd;
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			CachingEmbedder embedder = new CachingEmbedder(encoder);
			InstructionOverrideRail phrasings = new InstructionOverrideRail();
			RailContext message = new RailContext("bench", RailContext.Direction.INPUT, Map.of());
			PromptInjectionRail rail = new PromptInjectionRail(
					new InjectionClassifier(embedder,
							InjectionClassifier.bundledModel(InjectionClassifier.Scope.DOCUMENT, embedder.name())),
					new InjectionClassifier(embedder,
							InjectionClassifier.bundledModel(InjectionClassifier.Scope.MESSAGE, embedder.name())));
			losoMd = this.loso ? loso(embedder, rows) : "";
			for (Source source : sources) {
				int flagged = 0;
				int byPhrasing = 0;
				Map<String, int[]> byCategory = new LinkedHashMap<>();
				List<String> misjudged = new ArrayList<>();
				for (int i = 0; i < source.texts().size(); i++) {
					String text = source.texts().get(i);
					double score = rail.score(text, RailContext.Direction.INPUT);
					byPhrasing += phrasings.check(text, message).spans().stream()
						.anyMatch(span -> PromptInjectionRail.MESSAGE_DECISIVE.contains(span.label())) ? 1 : 0;
					boolean hit = score >= this.threshold;
					flagged += hit ? 1 : 0;
					int[] count = byCategory.computeIfAbsent(source.categories().get(i), c -> new int[2]);
					count[0]++;
					count[1] += hit ? 1 : 0;
					if (hit != source.attacks() && misjudged.size() < this.show) {
						misjudged.add(String.format(Locale.ROOT, "%s (%.2f): %s", hit ? "flagged" : "missed", score,
								excerpt(text)));
					}
				}
				double share = (double) flagged / source.texts().size();
				double phrasingShare = (double) byPhrasing / source.texts().size();
				md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f | %.3f |%n", source.name(),
						source.attacks() ? "attacks (share = recall)" : "benign (share = false positives)",
						source.texts().size(), flagged, share, phrasingShare));
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("source", source.name());
				row.put("attacks", source.attacks());
				row.put("texts", source.texts().size());
				row.put("flagged", flagged);
				row.put("shareFlagged", Math.round(share * 1000) / 1000.0);
				row.put("shareFlaggedByPhrasingsAlone", round(phrasingShare));
				byCategory(source.name() + " by category", byCategory, row, categoriesMd);
				row.put("misjudged", misjudged);
				if (!misjudged.isEmpty()) {
					misjudgedMd.append("\n").append(source.name()).append(":\n");
					misjudged.forEach(m -> misjudgedMd.append("- ").append(m).append('\n'));
				}
				rows.add(row);
			}
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "injection-sources");
		report.put("threshold", this.threshold);
		report.put("sources", rows);
		Report.write(this.out, report, md.append(categoriesMd).append(losoMd).append("\n### misjudged, first of each source\n")
			.append(misjudgedMd)
			.toString());
		return 0;
	}

	/**
	 * Leave one source out: for each source, a message model trained as the shipped one is (its recipe and the other
	 * sources, operating point set on sources held out of that training) and scored on the one left out, with the
	 * left-out source's categories (so each category is left out too).
	 */
	private String loso(CachingEmbedder embedder, List<Map<String, Object>> rows)
			throws Exception {
		List<String> written = new ArrayList<>();
		List<Character> labels = new ArrayList<>();
		TrainInjectionCommand.readExamples(Path.of("guardrails/training/injection-examples.tsv"), written, labels);
		List<String> emails = InjectionCommand.readContexts(this.dir.resolve("bipia_email_train.jsonl"));
		Map<String, List<String>> attacksByCategory = InjectionCommand.readAttacks(
				List.of(this.dir.resolve("bipia_text_attack_train.json"), this.dir.resolve("bipia_code_attack_train.json")));
		List<String> taskRequests = TrainInjectionCommand.TASK_CATEGORIES.stream()
			.flatMap(category -> attacksByCategory.getOrDefault(category, List.of()).stream())
			.toList();
		List<String> contracts = InjectionTraining.cuadExcerpts(Path.of("../shared/data/contracts/cuad_master_clauses.csv"));
		List<String> questions = InjectionTraining.bankingQuestions(Path.of("../shared/data/intent/banking77_train.csv"));
		List<Source> all = InjectionSources.read(this.dir);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### leave one source out (%s)%n%nFor each source,"
				+ " a message model trained as the shipped one is (written examples, BIPIA emails and task requests, CUAD,"
				+ " Banking77, and every other source, at most %d texts each; operating point set on sources held out of"
				+ " that training, in %d groups, at a mean benign share of %.2f) and scored through the rail (threshold"
				+ " %.2f, with its phrasing patterns) on every text of the source left out. \"inner\" is what the"
				+ " training's own held-out sources said at its operating point. \"With the language rail\" counts a"
				+ " text as stopped when an English-only pack's language rail (which runs before it) refuses it"
				+ " too.%n%n| left out | kind | texts | share flagged | with the language rail | inner FP / recall |%n"
				+ "|---|---|---:|---:|---:|---|%n", this.losoKind, TrainInjectionCommand.SOURCE_CAP,
				TrainInjectionCommand.HOLDOUT_FOLDS, TrainInjectionCommand.MESSAGE_FALSE_POSITIVE_RATE, this.threshold));
		StringBuilder categoriesMd = new StringBuilder();
		StringBuilder sweepMd = new StringBuilder("\nThe same left-out scores at other raw probabilities of the model"
				+ " (not chosen on anything; for the trade-off):\n\n| left out | share is |");
		for (double raw : RAW_SWEEP) {
			sweepMd.append(String.format(Locale.ROOT, " %.2f |", raw));
		}
		sweepMd.append("\n|---|---|").append("---:|".repeat(RAW_SWEEP.length)).append('\n');
		InjectionClassifier documents = new InjectionClassifier(embedder,
				InjectionClassifier.bundledModel(InjectionClassifier.Scope.DOCUMENT, embedder.name()));
		List<Map<String, Object>> losoRows = new ArrayList<>();
		double[] attackShares = new double[2];
		double[] benignShares = new double[2];
		double[] chainShares = new double[2];
		double[] benignChainShares = new double[2];
		LanguageRail language = new LanguageRail();
		language.warmUp(java.util.Set.of("en"));
		RailContext englishOnly = new RailContext("bench", RailContext.Direction.INPUT, Map.of("serves", "en"));
		for (Source leftOut : all) {
			InjectionTraining training = TrainInjectionCommand.messageTraining(written, labels, emails, contracts,
					questions, taskRequests);
			for (Source other : all) {
				if (other != leftOut) {
					training.addWhole(other.limited(TrainInjectionCommand.SOURCE_CAP).texts(), other.attacks(),
							other.name());
				}
			}
			TrainInjectionCommand.MessageModel model = TrainInjectionCommand.messageModel(training, embedder,
					InjectionFeatures.Kind.fromId(this.losoKind));
			PromptInjectionRail trained = new PromptInjectionRail(documents,
					new InjectionClassifier(embedder, model.model()));
			Map<String, int[]> byCategory = new LinkedHashMap<>();
			int flagged = 0;
			int stoppedByChain = 0;
			int[] atRaw = new int[RAW_SWEEP.length];
			for (int i = 0; i < leftOut.texts().size(); i++) {
				double score = trained.score(leftOut.texts().get(i), RailContext.Direction.INPUT);
				for (int r = 0; r < RAW_SWEEP.length; r++) {
					// the model's stored threshold sits at its operating point; this maps other raw points onto it
					double shift = logit(this.threshold) - logit(model.point().probability());
					atRaw[r] += score >= 1 / (1 + Math.exp(-(logit(RAW_SWEEP[r]) + shift))) ? 1 : 0;
				}
				boolean hit = score >= this.threshold;
				flagged += hit ? 1 : 0;
				stoppedByChain += hit || language.check(leftOut.texts().get(i), englishOnly).detected() ? 1 : 0;
				int[] count = byCategory.computeIfAbsent(leftOut.categories().get(i), c -> new int[2]);
				count[0]++;
				count[1] += hit ? 1 : 0;
			}
			double share = (double) flagged / leftOut.texts().size();
			double chainShare = (double) stoppedByChain / leftOut.texts().size();
			double[] tally = leftOut.attacks() ? attackShares : benignShares;
			tally[0] += share;
			tally[1]++;
			double[] chainTally = leftOut.attacks() ? chainShares : benignChainShares;
			chainTally[0] += chainShare;
			chainTally[1]++;
			sweepMd.append("| ").append(leftOut.name()).append(" | ").append(leftOut.attacks() ? "recall" : "FP");
			for (int r = 0; r < RAW_SWEEP.length; r++) {
				sweepMd.append(String.format(Locale.ROOT, " | %.3f", (double) atRaw[r] / leftOut.texts().size()));
			}
			sweepMd.append(" |\n");
			md.append(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f / %.3f |%n", leftOut.name(),
					leftOut.attacks() ? "attacks (recall)" : "benign (false positives)", leftOut.texts().size(), share,
					chainShare, model.point().falsePositiveRate(), model.point().recall()));
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("leftOut", leftOut.name());
			row.put("attacks", leftOut.attacks());
			row.put("texts", leftOut.texts().size());
			row.put("shareFlagged", round(share));
			row.put("shareStoppedWithLanguageRail", round(chainShare));
			row.put("operatingPoint", model.point().probability());
			row.put("innerFalsePositiveRate", round(model.point().falsePositiveRate()));
			row.put("innerRecall", round(model.point().recall()));
			byCategory(leftOut.name() + " left out, by category", byCategory, row, categoriesMd);
			losoRows.add(row);
		}
		md.append(String.format(Locale.ROOT, "| **mean over attack sources** (recall) | | | **%.3f** | %.3f | |%n"
				+ "| **mean over benign sources** (false positives) | | | **%.3f** | %.3f | |%n", attackShares[0] / attackShares[1],
				chainShares[0] / chainShares[1], benignShares[0] / benignShares[1],
				benignChainShares[0] / benignChainShares[1]));
		rows.add(Map.of("leaveOneSourceOut", losoRows, "meanRecall", round(attackShares[0] / attackShares[1]),
				"meanFalsePositiveRate", round(benignShares[0] / benignShares[1])));
		return md.append(sweepMd).append(categoriesMd).toString();
	}

	/** A source's texts and flagged ones per category, into its report row and a table, when it has categories. */
	private static void byCategory(String title, Map<String, int[]> byCategory, Map<String, Object> row,
			StringBuilder md) {
		if (byCategory.size() <= 1) {
			return;
		}
		Map<String, int[]> byRisk = new LinkedHashMap<>();
		byCategory.forEach((category, count) -> {
			int cut = category.indexOf(InjectionSources.RISK_SEPARATOR);
			if (cut > 0) {
				int[] risk = byRisk.computeIfAbsent(category.substring(0, cut), r -> new int[2]);
				risk[0] += count[0];
				risk[1] += count[1];
			}
		});
		if (!byRisk.isEmpty()) {
			Map<String, Object> risks = new LinkedHashMap<>();
			md.append(String.format(Locale.ROOT, "%n%s, by risk (security: a secret the system prompt keeps; logic: a"
					+ " topic or behaviour it forbids, an attack only against that prompt, which is the scope rail's"
					+ " case in a pack):%n%n| risk | texts | flagged | share |%n|---|---:|---:|---:|%n", title));
			byRisk.forEach((risk, count) -> {
				risks.put(risk, Map.of("texts", count[0], "flagged", count[1]));
				md.append(String.format(Locale.ROOT, "| %s | %d | %d | %.3f |%n", risk, count[0], count[1],
						(double) count[1] / count[0]));
			});
			row.put("byRisk", risks);
		}
		Map<String, Object> categories = new LinkedHashMap<>();
		md.append(String.format(Locale.ROOT, "%n%s:%n%n| category | texts | flagged |%n|---|---:|---:|%n", title));
		byCategory.forEach((category, count) -> {
			categories.put(category, Map.of("texts", count[0], "flagged", count[1]));
			md.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", category, count[0], count[1]));
		});
		row.put("byCategory", categories);
	}

	private static final double[] RAW_SWEEP = { 0.3, 0.5, 0.7, 0.8, 0.9, 0.95 };

	private static double logit(double p) {
		return Math.log(p / (1 - p));
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	private static String excerpt(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
	}

}
