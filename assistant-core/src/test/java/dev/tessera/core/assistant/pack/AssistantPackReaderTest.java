package dev.tessera.core.assistant.pack;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.assistant.RoutingPolicy;
import dev.tessera.guardrails.RailAction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AssistantPackReaderTest {

	private final AssistantPackReader reader = new AssistantPackReader(TestPacks.RAILS);

	@Test
	void reads_a_pack_with_its_policy_rules_and_knowledge() {
		AssistantDefinition faq = TestPacks.faqBot();

		assertThat(faq.id()).isEqualTo("faq-bot");
		assertThat(faq.inputRails().entries()).extracting(e -> e.rail(), e -> e.onDetect())
			.containsExactly(org.assertj.core.groups.Tuple.tuple("pii", RailAction.REWRITE),
					org.assertj.core.groups.Tuple.tuple("instruction-override", RailAction.BLOCK));
		assertThat(faq.outputRails().entries().getFirst().settings()).containsEntry("notice",
				"Opening hours may change on public holidays.");
		assertThat(faq.rules()).singleElement().satisfies(rule -> {
			assertThat(rule.route()).isEqualTo(Route.HANDOFF_HUMAN);
			assertThat(rule.firstMatch("I want to SPEAK to the manager!")).contains("speak to the manager");
			assertThat(rule.firstMatch("complaints")).isEmpty();
		});
		assertThat(faq.retrieval().topK()).isEqualTo(2);
		assertThat(faq.knowledge()).singleElement().satisfies(doc -> {
			assertThat(doc.path()).isEqualTo("knowledge/library.md");
			assertThat(doc.title()).isEqualTo("Library guide");
		});
	}

	@Test
	void finds_packs_by_pattern_in_a_stable_order() {
		List<AssistantDefinition> packs = this.reader.readAll(List.of("classpath*:packs/faq-*/assistant.yaml"));

		assertThat(packs).extracting(AssistantDefinition::id).containsExactly("faq-bot");
	}

	@Test
	void an_unknown_rail_is_rejected_naming_file_field_and_the_known_rails() {
		assertThatThrownBy(() -> read("broken-rail")).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("broken-rail/assistant.yaml")
			.hasMessageContaining("field 'rails.input[0].rail'")
			.hasMessageContaining("unknown rail 'toxicity'")
			.hasMessageContaining("instruction-override");
	}

	@Test
	void an_unknown_route_is_rejected_listing_the_allowed_ones() {
		assertThatThrownBy(() -> read("broken-route")).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("field 'rules[0].route'")
			.hasMessageContaining("'CALL_AMBULANCE' is not one of [ANSWER_LOCAL, ESCALATE_LLM, HANDOFF_HUMAN]");
	}

	@Test
	void a_misspelt_key_is_rejected_rather_than_ignored() {
		assertThatThrownBy(() -> read("broken-unknown-key")).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("broken-unknown-key/assistant.yaml")
			.hasMessageContaining("retreival");
	}

	@Test
	void a_missing_reply_template_is_named() {
		assertThatThrownBy(() -> read("broken-replies")).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("field 'replies.blocked': is required");
	}

	@Test
	void reads_a_routing_policy_with_its_operating_point() {
		RoutingPolicy policy = TestPacks.routedFaq().routing();

		assertThat(policy.onUnsupported()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(policy.onComplex()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(policy.maxWords()).isEqualTo(20);
		assertThat(policy.maxQuestions()).isEqualTo(1);
		assertThat(policy.minHeadConfidence()).hasValue(0.7);
		assertThat(policy.minGenerationConfidence()).hasValue(0.6);
		assertThat(policy.operatingPoint().measured()).isTrue();
		assertThat(policy.operatingPoint().localAccuracy()).hasValue(0.96);
		assertThat(policy.operatingPoint().escalationRate()).hasValue(0.2);
	}

	@Test
	void reads_a_head_accuracy_target_and_refuses_one_that_is_no_accuracy() throws Exception {
		ClassPathResource pack = new ClassPathResource("packs/routed-faq/assistant.yaml");
		String yaml = pack.getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
		String targeted = yaml.replace("  min-head-confidence: 0.7", "  min-head-confidence: 0.7\n  head-accuracy-target: 0.97");

		assertThat(this.reader.read(pack, targeted, "edit").routing().headAccuracyTarget()).hasValue(0.97);
		assertThat(TestPacks.routedFaq().routing().headAccuracyTarget()).isEmpty();
		assertThatThrownBy(() -> this.reader.read(pack, targeted.replace("0.97", "97"), "edit"))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("field 'routing.head-accuracy-target'")
			.hasMessageContaining("must be a local accuracy within (0.5, 1)");
	}

	@Test
	void a_pack_without_routing_gets_the_defaults_marked_unmeasured() {
		assertThat(TestPacks.faqBot().routing()).isEqualTo(RoutingPolicy.defaults());
		assertThat(TestPacks.faqBot().routing().operatingPoint().measured()).isFalse();
	}

	@Test
	void a_routing_policy_cannot_send_a_deferred_turn_back_to_the_small_model() {
		assertThatThrownBy(() -> read("broken-routing")).isInstanceOf(InvalidPackException.class)
			.hasMessageContaining("field 'routing.on-complex'")
			.hasMessageContaining("'ANSWER_LOCAL' is not one of [ESCALATE_LLM, HANDOFF_HUMAN]");
	}

	@Test
	void errors_name_the_line_of_the_field_or_of_its_parent_when_it_is_missing() {
		assertThatThrownBy(() -> read("broken-rail")).isInstanceOfSatisfying(InvalidPackException.class, ex -> {
			assertThat(ex.line()).isEqualTo(5);
			assertThat(ex.getMessage()).contains("broken-rail/assistant.yaml:5: field 'rails.input[0].rail'");
		});
		assertThatThrownBy(() -> read("broken-replies"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> assertThat(ex.line()).isEqualTo(3));
		assertThatThrownBy(() -> read("broken-unknown-key"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> assertThat(ex.line()).isPositive());
	}

	@Test
	void text_is_read_against_the_pack_folder_it_belongs_to() {
		ClassPathResource pack = new ClassPathResource("packs/faq-bot/assistant.yaml");
		String edited = this.reader.text(pack).replace("name: FAQ bot", "name: Library desk");

		AssistantDefinition definition = this.reader.read(pack, edited, "faq-bot (edit)");

		assertThat(definition.name()).isEqualTo("Library desk");
		assertThat(definition.source()).isEqualTo(TestPacks.faqBot().source());
		assertThat(definition.knowledge()).isEqualTo(TestPacks.faqBot().knowledge());
		assertThatThrownBy(() -> this.reader.read(pack, edited + "name: again\n", "faq-bot (edit)"))
			.isInstanceOf(InvalidPackException.class)
			.hasMessageStartingWith("faq-bot (edit):")
			.hasMessageContaining("Duplicate")
			.hasMessageContaining("\"name\"");
	}

	@Test
	void a_pack_names_a_domain_assessor_with_the_settings_it_reads() {
		ClassPathResource pack = new ClassPathResource("packs/faq-bot/assistant.yaml");
		AssistantPackReader withAssessor = new AssistantPackReader(new org.springframework.core.io.support
			.PathMatchingResourcePatternResolver(), TestPacks.RAILS, java.util.Map.of("holidays", java.util.Set.of("country")));
		String named = this.reader.text(pack) + "assessor:\n  name: holidays\n  settings:\n    country: NL\n";

		AssistantDefinition definition = withAssessor.read(pack, named, "faq-bot (edit)");

		assertThat(definition.assessor()).hasValue(new AssistantDefinition.Assessor("holidays", java.util.Map.of("country", "NL")));
		assertThat(TestPacks.faqBot().assessor()).isEmpty();
		assertThatThrownBy(() -> withAssessor.read(pack, named.replace("name: holidays", "name: weather"), "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("assessor.name");
				assertThat(ex.line()).isEqualTo(29);
				assertThat(ex.getMessage()).contains("unknown domain assessor 'weather'; known assessors: [holidays]");
			});
		assertThatThrownBy(() -> withAssessor.read(pack, named.replace("country:", "region:"), "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("assessor.settings.region");
				assertThat(ex.getMessage()).contains("assessor 'holidays' has no setting 'region'; its settings: [country]");
			});
		assertThatThrownBy(() -> this.reader.read(pack, named, "edit"))
			.as("a reader that knows no assessors refuses every name")
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("known assessors: []"));
	}

	/** A reader whose application has the language rail and an injection rail that reads English only. */
	private static AssistantPackReader withLanguages() {
		return new AssistantPackReader(new org.springframework.core.io.support.PathMatchingResourcePatternResolver(),
				java.util.Map.of("pii", java.util.Set.of(), "instruction-override", java.util.Set.of("en"),
						"required-notice", java.util.Set.of(), "language", java.util.Set.of()),
				new dev.tessera.core.tool.ToolRegistry(List.of()), java.util.Map.of());
	}

	@Test
	void the_language_rail_comes_after_redaction_and_before_the_rails_that_read_english() {
		ClassPathResource pack = new ClassPathResource("packs/faq-bot/assistant.yaml");
		AssistantPackReader reader = withLanguages();

		AssistantDefinition byDefault = reader.read(pack);
		assertThat(byDefault.inputRails().entries()).extracting(e -> e.rail())
			.containsExactly("pii", "language", "instruction-override");
		assertThat(byDefault.inputRails().entries().get(1).onDetect()).isEqualTo(RailAction.BLOCK);
		assertThat(byDefault.inputRails().entries().get(1).settings()).containsEntry("serves", "en")
			.containsEntry("reply", "I can only help in English. Please write your message in English.");

		String declared = reader.text(pack)
				+ "languages:\n  serves: [en]\n  on-other: HANDOFF\n  reply: \"A librarian will read this.\"\n";
		AssistantDefinition handsOff = reader.read(pack, declared, "edit");
		assertThat(handsOff.inputRails().entries().get(1).onDetect()).isEqualTo(RailAction.HANDOFF);
		assertThat(handsOff.inputRails().entries().get(1).settings()).containsEntry("reply",
				"A librarian will read this.");
	}

	@Test
	void a_pack_cannot_serve_a_language_its_input_rails_do_not_read() {
		ClassPathResource pack = new ClassPathResource("packs/faq-bot/assistant.yaml");
		AssistantPackReader reader = withLanguages();
		String german = reader.text(pack) + "languages:\n  serves: [en, de]\n";

		assertThatThrownBy(() -> reader.read(pack, german, "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("languages.serves");
				assertThat(ex.getMessage()).contains("the input rail 'instruction-override' reads [en] only: serving"
						+ " [en, de] would let messages past it unread");
			});
		assertThatThrownBy(() -> reader.read(pack, reader.text(pack) + "languages:\n  serves: [klingon]\n", "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("unknown language 'klingon'"));
		assertThatThrownBy(() -> reader.read(pack, reader.text(pack) + "languages:\n  on-other: ANSWER\n", "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.field()).isEqualTo("languages.on-other"));
		// a pack that places the rail itself is held to the languages that rail serves, declared in one place
		String placedGerman = reader.text(pack).replace("  input:\n", "  input:\n    - rail: language\n"
				+ "      on-detect: BLOCK\n      settings:\n        serves: \"de\"\n");
		assertThatThrownBy(() -> reader.read(pack, placedGerman, "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("reads [en] only: serving [de]"));
		assertThatThrownBy(() -> reader.read(pack, placedGerman.replace("\"de\"", "\"en\"") + "languages:\n  serves: [en]\n",
				"edit"))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("declare its languages in one place"));
		assertThatThrownBy(() -> this.reader.read(pack, german, "edit"))
			.as("an application without the language rail cannot honour a pack's languages")
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("needs the 'language' rail"));
	}

	@Test
	void a_bad_rail_setting_is_refused_when_the_pack_is_read_not_at_the_first_message() {
		ClassPathResource pack = new ClassPathResource("packs/faq-bot/assistant.yaml");
		AssistantPackReader reader = new AssistantPackReader(
				new org.springframework.core.io.support.PathMatchingResourcePatternResolver(),
				new dev.tessera.guardrails.RailChain(List.of(new dev.tessera.guardrails.pii.PiiPatternRail(),
						new dev.tessera.guardrails.injection.InstructionOverrideRail(),
						new dev.tessera.guardrails.notice.RequiredNoticeRail(),
						new dev.tessera.guardrails.language.LanguageRail())),
				new dev.tessera.core.tool.ToolRegistry(List.of()), java.util.Map.of());
		String text = reader.text(pack);
		String typo = text.replace("    - rail: pii\n      on-detect: REWRITE\n",
				"    - rail: pii\n      on-detect: REWRITE\n      settings:\n        regions: \"US,UK\"\n");

		assertThat(reader.read(pack, text, "edit").inputRails().entries()).isNotEmpty();
		assertThatThrownBy(() -> reader.read(pack, typo, "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class, ex -> {
				assertThat(ex.field()).isEqualTo("rails.input[0].settings");
				assertThat(ex.getMessage()).contains("unknown region 'UK'");
			});
		assertThatThrownBy(() -> reader.read(pack, typo.replace("regions: \"US,UK\"", "types: \"PHONE,FAX\""), "edit"))
			.isInstanceOfSatisfying(InvalidPackException.class,
					ex -> assertThat(ex.getMessage()).contains("unknown type 'FAX'"));
	}

	private AssistantDefinition read(String pack) {
		return this.reader.read(new ClassPathResource("packs/" + pack + "/assistant.yaml"));
	}

}
