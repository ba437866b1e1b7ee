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
 * acuity model, the triage assessment, the rails, the embedded store): emergencies handed off at once, one follow-up
 * question at a time, each level with what to do and cited guidance, an emergency first reported as something mild,
 * bad input, the dose and diagnosis policy.
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

	/** Answers each follow-up question as a 34-year-old with a mild problem since this morning, until advice comes. */
	private static JsonNode answerUntilAdvised(TestConversation conversation, JsonNode reply) {
		List<String> asked = new ArrayList<>();
		while (outcome(reply, "understand").equals("triage:follow-up")) {
			assertThat(route(reply)).isEqualTo("ANSWER_LOCAL");
			assertThat(text(reply)).startsWith(FOLLOW_UP).contains("For now: How urgent:");
			assertThat(sections(reply)).as("no guidance is cited before the facts are in").isEmpty();
			String question = text(reply).lines().skip(2).findFirst().orElseThrow();
			assertThat(asked).as("one question at a time, never twice").doesNotContain(question);
			asked.add(question);
			assertThat(asked).hasSizeLessThanOrEqualTo(3);
			String answer = question.startsWith("How old") ? "34"
					: question.startsWith("When did it start") ? "it started this morning"
							: question.startsWith("How bad") ? "it's mild"
									: question.startsWith("Is the person fully awake") ? "fully awake and alert"
											: "breathing normally";
			reply = conversation.say(answer);
		}
		return reply;
	}

	@Test
	void a_headache_gets_one_question_at_a_time_then_advice_with_cited_guidance() {
		TestConversation conversation = conversation();

		JsonNode asked = conversation.say("I have a headache");
		assertThat(outcome(asked, "understand")).isEqualTo("triage:follow-up");
		assertThat(asked.path("routeReason").asString()).startsWith("assessor 'triage' (follow-up): follow-up: asks for ")
			.contains("with provisional level");
		assertThat(text(asked).lines().skip(2).findFirst().orElseThrow()).as("exactly one question")
			.endsWith("?")
			.doesNotContain("\n");

		JsonNode advised = answerUntilAdvised(conversation, asked);
		assertThat(route(advised)).isEqualTo("ANSWER_LOCAL");
		assertThat(text(advised)).startsWith("How urgent:").contains("Most headaches are not serious").endsWith(
				"contact a doctor.");
		assertThat(sections(advised)).first().isEqualTo("knowledge/self-care.md#Headache");
		assertThat(advised.path("trail").toString()).contains("model:acuity", "findings: ");
	}

	@Test
	void facts_given_over_several_answers_add_up_and_a_bare_number_answers_the_age_question() {
		TestConversation conversation = conversation();

		JsonNode first = conversation.say("I cut my finger");
		assertThat(text(first)).startsWith(FOLLOW_UP);
		JsonNode advised = answerUntilAdvised(conversation, first);
		assertThat(text(advised)).startsWith("How urgent:").contains("Clean the wound under running water");
		assertThat(sections(advised)).first().isEqualTo("knowledge/self-care.md#Minor cuts and grazes");
		assertThat(advised.path("trail").toString()).contains("description gathered from this message and");
	}

	@Test
	void a_routine_problem_gets_a_routine_appointment() {
		TestConversation conversation = conversation();

		JsonNode reply = answerUntilAdvised(conversation,
				conversation.say("I'm 40 and have noticed a lump in my neck for two weeks, it doesn't hurt"));

		assertThat(outcome(reply, "understand")).isEqualTo("triage:ROUTINE");
		assertThat(text(reply)).startsWith("How urgent: not an emergency. Book a routine appointment");
	}

	@Test
	void an_emergency_first_reported_as_something_mild_is_handed_off_when_it_shows() {
		TestConversation conversation = conversation();

		JsonNode mild = conversation.say("I have a mild tummy ache");
		assertThat(route(mild)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(mild, "understand")).isNotEqualTo("triage:EMERGENCY");

		JsonNode worse = conversation
			.say("I'm 58, it started an hour ago, it's getting worse and spreading to my chest and left arm");
		assertThat(route(worse)).isEqualTo("HANDOFF_HUMAN");
		assertThat(outcome(worse, "understand")).isEqualTo("triage:EMERGENCY");
		assertThat(text(worse)).startsWith("Chest pain can be a sign of a medical emergency.");
		assertThat(worse.path("routeReason").asString()).contains("red-flag:chest-pain");
	}

	@Test
	void a_reading_no_one_can_have_and_another_language_get_no_level() {
		JsonNode typo = conversation().say("I'm 40, my heart rate is 990 and I feel dizzy");
		assertThat(outcome(typo, "understand")).isEqualTo("triage:unreadable");
		assertThat(text(typo)).contains("can't be right", "won't guess").doesNotContain("How urgent");

		// another language stops at the language rail, before the assessment: a person reads it, and the reply names
		// the emergency numbers
		JsonNode german = conversation().say("Ich habe seit gestern starke Kopfschmerzen und mir ist schwindelig");
		assertThat(outcome(german, "understand")).isEqualTo("skipped");
		assertThat(route(german)).isEqualTo("HANDOFF_HUMAN");
		assertThat(railsActed(german)).contains("input:language:HANDOFF");
		assertThat(text(german)).contains("English", "call 112 or 911").doesNotContain("How urgent");
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
		assertThat(reply.path("trail").toString()).contains("model:acuity", "rule:soft:possible-fracture");
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
		TestConversation conversation = conversation();
		JsonNode first = conversation
			.say("I'm 40, no chest pain and no trouble breathing, just a mild sore throat since yesterday");
		assertThat(route(first)).isEqualTo("ANSWER_LOCAL");
		assertThat(outcome(first, "understand")).isNotEqualTo("triage:EMERGENCY");

		JsonNode reply = answerUntilAdvised(conversation, first);
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
