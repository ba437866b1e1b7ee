package dev.tessera.domains;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.tool.ToolBinding;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.domains.triage.AcuityModel;
import dev.tessera.domains.triage.ClinicalAdviceRail;
import dev.tessera.domains.triage.TriageAssessor;
import dev.tessera.domains.triage.TriageTurnAssessor;
import dev.tessera.guardrails.RailAction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped packs are valid and keep their safety promises.
 */
class DemoPacksTest {

	private static final List<AssistantDefinition> PACKS = DemoPacks.all();

	private static AssistantDefinition pack(String id) {
		return PACKS.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
	}

	@Test
	void the_three_demo_packs_load_with_knowledge_and_redact_pii_both_ways() {
		assertThat(PACKS).extracting(AssistantDefinition::id)
			.containsExactly("contract-review", "ecommerce-support", "medical-triage");
		for (AssistantDefinition pack : PACKS) {
			assertThat(pack.knowledge()).as(pack.id()).isNotEmpty();
			assertThat(pack.inputRails().entries()).as(pack.id()).anyMatch(e -> e.rail().equals("pii"));
			assertThat(pack.outputRails().entries()).as(pack.id()).anyMatch(e -> e.rail().equals("pii"));
			assertThat(pack.inputRails().entries()).as(pack.id())
				.anyMatch(e -> e.rail().equals("prompt-injection") && e.onDetect() == RailAction.BLOCK);
			assertThat(pack.inputRails().entries().getFirst().onDetect()).as(pack.id()).isEqualTo(RailAction.REDACT);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "I have crushing chest pain", "my husband is short of breath and pale",
			"her face drooping on one side", "the bleeding won't stop", "I want to end my life",
			"my son had a seizure" })
	void triage_red_flags_go_to_a_person_with_an_emergency_reply(String message) {
		AssistantDefinition triage = pack("medical-triage");
		assertThat(triage.assessor()).map(AssistantDefinition.Assessor::name).hasValue(TriageTurnAssessor.NAME);
		DomainAssessment assessment = new TriageTurnAssessor(new TriageAssessor(AcuityModel.bundled(), null))
			.assess(new AssessmentRequest(triage, message, List.of(), triage.assessor().get().settings()));

		assertThat(assessment.route()).hasValue(Route.HANDOFF_HUMAN);
		assertThat(assessment.outcome()).isEqualTo("EMERGENCY");
		assertThat(assessment.reasons().getFirst()).startsWith("EMERGENCY red-flag:");
		assertThat(assessment.reply()).containsAnyOf("emergency number", "crisis line");
	}

	@Test
	void triage_leaves_red_flags_to_its_assessor_and_checks_replies_for_diagnoses_and_doses() {
		AssistantDefinition triage = pack("medical-triage");

		assertThat(triage.rules()).as("phrase rules cannot read negations; the assessor can").isEmpty();
		assertThat(triage.outputRails().entries()).anyMatch(
				e -> e.rail().equals(ClinicalAdviceRail.NAME) && e.onDetect() == RailAction.REWRITE);
	}

	@Test
	void contract_review_and_triage_require_their_notices() {
		assertThat(pack("contract-review").outputRails().entries())
			.anySatisfy(e -> assertThat(e.settings().get("notice")).contains("not legal advice"));
		assertThat(pack("medical-triage").outputRails().entries())
			.anySatisfy(e -> assertThat(e.settings().get("notice")).contains("not a diagnosis"));
	}

	@Test
	void the_shop_calls_the_demo_store_tools_and_brings_a_person_into_upset_or_stuck_conversations() {
		AssistantDefinition shop = pack("ecommerce-support");

		assertThat(shop.tools()).extracting(ToolBinding::tool).containsExactly("order-status", "start-return");
		ToolBinding status = shop.tools().getFirst();
		assertThat(status.intents()).containsExactly("order_status");
		assertThat(status.slot("order-number").orElseThrow().find("it's order #100103, thanks")).contains("100103");
		assertThat(status.slot("order-number").orElseThrow().find("call 0100103999")).isEmpty();
		assertThat(status.slot("email").orElseThrow().personal()).isTrue();
		ToolBinding returns = shop.tools().get(1);
		assertThat(returns.intents()).containsExactly("returns");
		assertThat(returns.citePassage()).isTrue();
		// the tool's window must be the one the returns policy states
		assertThat(returns.settings()).containsEntry("window-days", "30");
		assertThat(shop.knowledge()).anySatisfy(doc -> assertThat(doc.content())
			.contains("You can return most items within 30 days of delivery"));
		assertThat(shop.handoffWhen().upsetIntents()).containsExactly("complaints");
		assertThat(shop.handoffWhen().maxFailedTurns()).hasValue(2);
		assertThat(pack("medical-triage").tools()).isEmpty();
	}

}
