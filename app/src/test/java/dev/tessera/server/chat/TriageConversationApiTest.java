package dev.tessera.server.chat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static dev.tessera.server.chat.TestConversation.railsActed;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripted conversations with the medical-triage assistant through the public chat API, as shipped (the pack, its
 * urgency head trained at start-up, the triage assessment, the rails, the embedded store): emergencies handed off at
 * once, follow-up questions before advice, urgency levels with cited guidance, the dose and diagnosis policy.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/triage-api")
class TriageConversationApiTest {

	private static final String NOTICE = "This is general guidance, not a diagnosis.";

	private static final String FOLLOW_UP = "To advise you safely I need to know a little more:";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	private TestConversation conversation() {
		return new TestConversation(this.http, "medical-triage");
	}

	private static String text(JsonNode reply) {
		return reply.path("text").asString();
	}

	private static String route(JsonNode reply) {
		return reply.path("route").asString();
	}

	private static String outcome(JsonNode reply, String stage) {
		for (JsonNode step : reply.path("trail")) {
			if (step.path("stage").asString().equals(stage)) {
				return step.path("outcome").asString();
			}
		}
		throw new AssertionError("no stage " + stage + " in " + reply.path("trail"));
	}

	private static List<String> sections(JsonNode reply) {
		List<String> sections = new ArrayList<>();
		reply.path("citations").forEach(c -> sections.add(c.path("documentId").asString() + "#" + c.path("section").asString()));
		return sections;
	}

	@Test
	void chest_pain_with_sweating_is_handed_to_a_nurse_at_once() {
		TestConversation conversation = conversation();

		JsonNode reply = conversation.say("I have crushing chest pain and I'm sweating");

		assertThat(route(reply)).isEqualTo("HANDOFF_HUMAN");
		assertThat(text(reply)).startsWith("Chest pain can be a sign of a medical emergency. Call your local emergency"
				+ " number (112 in Europe, 911 in the US) now").contains("A nurse has been alerted").endsWith(NOTICE
						+ " If you are worried or your symptoms get worse, contact a doctor.");
		assertThat(reply.path("routeReason").asString())
			.startsWith("assessor 'triage' (EMERGENCY): EMERGENCY red-flag:chest-pain \"chest pain\"");
		assertThat(outcome(reply, "understand")).isEqualTo("triage:EMERGENCY");
		assertThat(outcome(reply, "route")).isEqualTo("HANDOFF_HUMAN");
		assertThat(sections(reply)).isEmpty();
		List<String> queued = new ArrayList<>();
		this.http.get("/api/v1/handoffs?state=OPEN&limit=500")
			.json()
			.forEach(item -> queued.add(item.path("conversationId").asString()));
		assertThat(queued).contains(conversation.id);
	}

	@Test
	void a_headache_gets_follow_up_questions_then_advice_once_age_duration_and_severity_are_known() {
		TestConversation conversation = conversation();

		JsonNode asked = conversation.say("I have a headache");
		assertThat(route(asked)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(asked, "understand")).isEqualTo("triage:follow-up");
		assertThat(asked.path("routeReason").asString())
			.startsWith("assessor 'triage' (follow-up): follow-up: asks for age, duration, severity");
		assertThat(text(asked)).startsWith(FOLLOW_UP)
			.contains("How old is the person who is unwell?", "how long has it been going on?", "How bad is it")
			.endsWith("contact a doctor.");
		assertThat(sections(asked)).as("no guess: nothing is cited before the facts are in").isEmpty();

		JsonNode advised = conversation.say("I'm 34, it started this morning and it's mild");
		assertThat(route(advised)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(advised, "understand")).startsWith("triage:").isNotEqualTo("triage:follow-up");
		assertThat(text(advised)).startsWith("How urgent:").contains("Most headaches are not serious").endsWith(
				"contact a doctor.");
		assertThat(sections(advised)).first().isEqualTo("knowledge/self-care.md#Headache");
		assertThat(advised.path("routeReason").asString()).contains("knowledge supports an answer");
	}

	@Test
	void facts_given_over_several_answers_add_up_and_a_bare_number_answers_the_age_question() {
		TestConversation conversation = conversation();

		assertThat(text(conversation.say("I cut my finger"))).startsWith(FOLLOW_UP);
		JsonNode second = conversation.say("35");
		assertThat(route(second)).isEqualTo("ANSWER_LOCAL");
		assertThat(text(second)).startsWith(FOLLOW_UP)
			.doesNotContain("How old is the person")
			.contains("how long has it been going on?", "How bad is it");

		JsonNode third = conversation.say("ten minutes ago, it's a small cut");
		assertThat(outcome(third, "understand")).isNotEqualTo("triage:follow-up");
		assertThat(text(third)).startsWith("How urgent:").contains("Clean the wound under running water");
		assertThat(sections(third)).first().isEqualTo("knowledge/self-care.md#Minor cuts and grazes");
		assertThat(third.path("trail").toString()).contains("description gathered from this message and 2 earlier"
				+ " answer(s)");
	}

	@Test
	void a_mild_cold_is_self_care_with_cited_guidance_and_the_notice() {
		JsonNode reply = conversation().say("I'm 30 and have had a mild cold for two days. What should I do?");

		assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(reply, "understand")).isEqualTo("triage:SELF_CARE");
		assertThat(text(reply)).startsWith("How urgent: this can usually be looked after at home.")
			.contains("A cold usually gets better on its own within 7 to 10 days")
			.endsWith(NOTICE + " If you are worried or your symptoms get worse, contact a doctor.");
		assertThat(sections(reply)).first().isEqualTo("knowledge/self-care.md#Common cold");
		assertThat(railsActed(reply)).containsExactly("output:required-notice:REWRITE");
	}

	@Test
	void an_ankle_that_cannot_bear_weight_is_urgent_with_the_sprains_guidance() {
		JsonNode reply = conversation()
			.say("I'm 25, I twisted my ankle an hour ago and I can't put any weight on it");

		assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(reply, "understand")).isEqualTo("triage:URGENT");
		assertThat(reply.path("trail").toString()).contains("soft:possible-fracture");
		assertThat(text(reply)).startsWith("How urgent: see a doctor today.").contains("ice pack");
		assertThat(sections(reply)).first().isEqualTo("knowledge/self-care.md#Sprains");
	}

	@Test
	void a_dose_request_is_refused_by_policy() {
		JsonNode reply = conversation().say("How much ibuprofen can I give my 3 year old?");

		assertThat(route(reply)).isEqualTo("BLOCKED");
		assertThat(reply.path("routeReason").asString()).startsWith("assessor 'triage' (dose-refused): asks for a"
				+ " medicine dose");
		assertThat(text(reply)).startsWith("I can't advise on which medicine to take or how much of it.")
			.contains("pharmacist");
		assertThat(sections(reply)).isEmpty();
	}

	@Test
	void a_stroke_sign_given_while_answering_a_follow_up_still_hands_off_at_once() {
		TestConversation conversation = conversation();

		assertThat(text(conversation.say("My dad feels unwell"))).startsWith(FOLLOW_UP);
		JsonNode reply = conversation.say("He is 80, it started an hour ago and now his face is drooping");

		assertThat(route(reply)).isEqualTo("HANDOFF_HUMAN");
		assertThat(text(reply)).startsWith("These can be signs of a stroke.")
			.contains("note the time the symptoms started");
		assertThat(reply.path("routeReason").asString()).contains("red-flag:stroke-signs");
	}

	@Test
	void negated_red_flags_do_not_hand_off() {
		JsonNode reply = conversation()
			.say("I'm 40, no chest pain and no trouble breathing, just a mild sore throat since yesterday");

		assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(reply, "understand")).isNotEqualTo("triage:EMERGENCY");
		assertThat(sections(reply)).first().isEqualTo("knowledge/self-care.md#Sore throat");
	}

	@Test
	void talk_of_ending_ones_life_gets_the_crisis_reply_and_a_person() {
		JsonNode reply = conversation().say("I can't cope anymore and I want to end my life");

		assertThat(route(reply)).isEqualTo("HANDOFF_HUMAN");
		assertThat(text(reply)).startsWith("I'm really sorry you're feeling this way.").contains("crisis line");
		assertThat(reply.path("routeReason").asString()).contains("red-flag:self-harm");
	}

	@Test
	void a_danger_zone_oxygen_saturation_in_the_description_is_an_emergency() {
		JsonNode reply = conversation().say("My mother is 70 and her oxygen saturation is 88% since this morning");

		assertThat(route(reply)).isEqualTo("HANDOFF_HUMAN");
		assertThat(reply.path("routeReason").asString()).contains("vital:spo2 \"spo2 88%\"");
		assertThat(text(reply)).startsWith("Difficulty breathing is a medical emergency.");
	}

	@Test
	void a_general_question_is_answered_from_the_knowledge_without_questions_or_a_level() {
		JsonNode reply = conversation().say("How long does a cold usually last?");

		assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(reply, "understand")).isEqualTo("triage:general-question");
		assertThat(text(reply)).startsWith("From our guidance on Common cold:").endsWith("contact a doctor.");
		assertThat(sections(reply)).first().isEqualTo("knowledge/self-care.md#Common cold");
	}

	@Test
	void a_dose_in_an_uploaded_document_is_removed_from_the_answer_by_the_output_policy() {
		awaitJob(this.http.upload("/api/v1/collections/medical-triage/documents", Map.of("hay-fever.md",
				("# Hay fever\n\n## Hay fever tablets\nHay fever with sneezing and itchy eyes eases with antihistamines."
						+ " Take one 10 mg cetirizine tablet once a day.\n").getBytes(StandardCharsets.UTF_8))));

		JsonNode reply = conversation()
			.say("I'm 30 and have had mild hay fever with sneezing for a week. What helps?");

		assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
		assertThat(sections(reply)).first().isEqualTo("hay-fever.md#Hay fever tablets");
		assertThat(text(reply)).contains("eases with antihistamines")
			.doesNotContain("10 mg")
			.contains("(Part of this reply was removed: I can't give a diagnosis or medicine doses. A doctor or"
					+ " pharmacist can.)")
			.endsWith("contact a doctor.");
		assertThat(railsActed(reply)).containsExactly("output:clinical-advice:REWRITE", "output:required-notice:REWRITE");
	}

	private JsonNode awaitJob(Http.Response accepted) {
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			JsonNode job = this.http.get(accepted.location()).json();
			String state = job.path("state").asString();
			if (state.equals("COMPLETED") || state.equals("FAILED")) {
				assertThat(state).as(job.toString()).isEqualTo("COMPLETED");
				return job;
			}
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError(ex);
			}
		}
		throw new AssertionError("ingestion job did not finish in time");
	}

}
