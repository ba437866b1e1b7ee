package dev.tessera.server.chat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static dev.tessera.server.chat.TestConversation.railsFired;
import static dev.tessera.server.chat.TestConversation.stages;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scripted multi-turn conversations with the e-commerce assistant through the public chat API, on the server as
 * shipped: the demo store's tools on the embedded H2 database (its demo data reset at start), the intent head trained
 * from the pack's examples, no large model. Each conversation checks the route, the rails, the tool's step in the
 * trail, citations and what the reply says.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/ecommerce-conversations")
class EcommerceConversationsTest {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port).anonymous();
	}

	private TestConversation chat() {
		return new TestConversation(this.http, "ecommerce-support");
	}

	private static JsonNode step(JsonNode reply, String stage) {
		for (JsonNode step : reply.path("trail")) {
			if (step.path("stage").asString().equals(stage)) {
				return step;
			}
		}
		throw new AssertionError("no " + stage + " step in " + reply.path("trail"));
	}

	@Test
	void an_order_is_looked_up_with_its_number_and_email() {
		JsonNode reply = chat().say("Where is my order 100103? My email is tomas.berger@example.com");

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(reply.path("model").asString()).isEqualTo("grounded-template");
		assertThat(reply.path("text").asString()).startsWith("Order 100103 (1 \u00d7 Espresso cups, set of four) left our warehouse on")
			.contains("with SwiftPost; the tracking code is SP-ZJBC-5521");
		assertThat(step(reply, "tools").path("outcome").asString()).isEqualTo("order-status:shipped");
		assertThat(step(reply, "tools").path("detail").asString()).contains("order-number=100103",
				"email=(personal, given)");
		assertThat(reply.path("routeReason").asString()).startsWith("tool 'order-status' answered: shipped");
		assertThat(railsFired(reply)).contains("input:pii");
		assertThat(reply.path("trail").toString()).doesNotContain("tomas.berger@example.com");
		assertThat(stages(reply)).containsExactly("input-rails", "understand", "retrieve", "tools", "route", "respond",
				"output-rails", "audit");
	}

	@Test
	void an_email_that_does_not_match_reads_exactly_like_an_unknown_order() {
		JsonNode wrongEmail = chat().say("Where is my order 100103? My email is ana.lindqvist@example.com");
		JsonNode unknownOrder = chat().say("Where is my order 100199? My email is tomas.berger@example.com");

		for (JsonNode reply : List.of(wrongEmail, unknownOrder)) {
			assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
			assertThat(step(reply, "tools").path("outcome").asString()).isEqualTo("order-status:not-found");
		}
		assertThat(wrongEmail.path("text").asString()).startsWith("I couldn't find an order 100103 with that email address.");
		assertThat(unknownOrder.path("text").asString())
			.isEqualTo(wrongEmail.path("text").asString().replace("100103", "100199"));
		assertThat(unknownOrder.path("routeReason").asString())
			.isEqualTo(wrongEmail.path("routeReason").asString().replace("100103", "100199"));
	}

	@Test
	void missing_details_are_asked_for_and_filled_in_by_the_next_turns() {
		TestConversation chat = chat();

		JsonNode first = chat.say("Can you check the status of my order please?");
		JsonNode second = chat.say("Sure, it's 100104");
		JsonNode third = chat.say("tomas.berger@example.com");

		assertThat(first.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(first.path("text").asString()).endsWith("I can check that order for you. Please tell me your order number "
				+ "(the six digits in your order confirmation) and the email address you placed the order with.");
		assertThat(step(first, "tools").path("outcome").asString()).isEqualTo("order-status:needs-slots");
		assertThat(second.path("text").asString()).endsWith(
				"I can check that order for you. Please tell me the email address you placed the order with.");
		assertThat(step(second, "tools").path("detail").asString()).contains("answer to the open question",
				"known: order-number=100104");
		assertThat(third.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(third.path("text").asString()).startsWith("Order 100104 (1 \u00d7 Desk lamp) is being prepared in our warehouse");
		assertThat(step(third, "tools").path("outcome").asString()).isEqualTo("order-status:processing");
	}

	@Test
	void a_return_within_the_window_is_started_with_the_policy_cited() {
		JsonNode reply = chat().say("I want to return order 100119, my email is mira.okafor@example.com");

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(step(reply, "tools").path("outcome").asString()).isEqualTo("start-return:started");
		assertThat(reply.path("text").asString()).contains("I've started a return for order 100119 (1 \u00d7 Linen trousers, "
				+ "1 \u00d7 Canvas belt). Your return number is RMA-100119.");
		if (!reply.path("citations").isEmpty()) {
			assertThat(reply.path("citations").get(0).path("documentId").asString())
				.isEqualTo("knowledge/returns-and-refunds.md");
			assertThat(reply.path("text").asString()).startsWith("Here is what our Returns and refunds policy says about");
		}
	}

	@Test
	void a_return_outside_the_window_is_refused_with_the_reason_and_nothing_is_created() {
		TestConversation chat = chat();
		JsonNode reply = chat.say("I want to return order 100102, my email is ana.lindqvist@example.com");
		JsonNode again = chat.say("I want to return order 100102 please");

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(step(reply, "tools").path("outcome").asString()).isEqualTo("start-return:outside-window");
		assertThat(reply.path("text").asString()).contains("Order 100102 was delivered on", "45 days ago",
				"Returns are accepted within 30 days of delivery", "so I can't start a return for it");
		// the email was remembered for the second turn; still no return, and no RMA number ever given
		assertThat(step(again, "tools").path("outcome").asString()).isEqualTo("start-return:outside-window");
		assertThat(reply.path("text").asString() + again.path("text").asString()).doesNotContain("RMA-");
	}

	@Test
	void an_order_not_yet_delivered_cannot_be_returned() {
		JsonNode reply = chat().say("I'd like to return order 100110, my email is lea.martin@example.com");

		assertThat(step(reply, "tools").path("outcome").asString()).isEqualTo("start-return:not-delivered");
		assertThat(reply.path("text").asString()).contains("Order 100110 is shipped, not delivered yet");
	}

	@Test
	void an_upset_complaint_goes_to_a_person_with_the_reason_and_is_queued() {
		TestConversation chat = chat();
		JsonNode reply = chat.say("This is the worst service ever, absolutely disgraceful! Nobody answers my complaints!");

		assertThat(reply.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(reply.path("routeReason").asString()).startsWith("the customer is upset: intent complaints with sentiment");
		assertThat(reply.path("text").asString()).contains("support team");
		assertThat(stages(reply)).doesNotContain("tools");
		JsonNode queue = new Http(this.port).get("/api/v1/handoffs?state=OPEN&limit=500").json();
		List<String> reasons = new ArrayList<>();
		queue.forEach(item -> {
			if (item.path("conversationId").asString().equals(chat.id)) {
				reasons.add(item.path("reason").asString());
			}
		});
		assertThat(reasons).singleElement().asString().startsWith("the customer is upset");
	}

	@Test
	void two_lookups_in_a_row_that_find_nothing_go_to_a_person() {
		TestConversation chat = chat();
		JsonNode first = chat.say("Where is my order 100198? My email is erik.nilsen@example.com");
		JsonNode second = chat.say("Sorry, I meant order 100197");

		assertThat(first.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(step(first, "tools").path("outcome").asString()).isEqualTo("order-status:not-found");
		assertThat(second.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(second.path("routeReason").asString())
			.isEqualTo("2 turns in a row did not help (at most 2): order-status: not-found");
		assertThat(second.path("text").asString()).contains("support team");
	}

	@Test
	void asking_for_a_person_hands_off_at_once() {
		JsonNode reply = chat().say("Please let me talk to a person about my order 100103");

		assertThat(reply.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(reply.path("routeReason").asString()).startsWith("domain rule 'asks-for-a-person' matched");
		assertThat(stages(reply)).doesNotContain("tools");
	}

	@Test
	void an_out_of_scope_question_is_refused_politely_without_a_tool_a_search_or_a_large_model() {
		JsonNode reply = chat().say("What is the capital of France?");

		assertThat(reply.path("route").asString()).isEqualTo("BLOCKED");
		assertThat(reply.path("text").asString()).startsWith("I can't help with that request. I can answer questions about orders");
		assertThat(reply.path("routeReason").asString()).contains("scope").contains("out of scope");
		assertThat(reply.path("citations").isEmpty()).isTrue();
		assertThat(stages(reply)).doesNotContain("tools");
	}

	@Test
	void a_policy_question_is_answered_from_the_knowledge_with_an_offer_to_start_the_return() {
		JsonNode reply = chat().say("How do I start a return?");

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(reply.path("citations").isEmpty()).as(reply.toString()).isFalse();
		assertThat(reply.path("citations").get(0).path("section").asString()).isEqualTo("How to start a return");
		assertThat(reply.path("text").asString()).startsWith("Here is what our Returns and refunds policy says about How to "
				+ "start a return:\n\nGo to \"My orders\"")
			.endsWith("I can start a return for you. Please tell me your order number (the six digits in your order "
					+ "confirmation) and the email address you placed the order with.");
	}

	@Test
	void emails_given_in_the_chat_are_redacted_in_the_history_and_in_the_audit_trail() {
		TestConversation chat = chat();
		chat.say("Can you check the status of my order please?");
		chat.say("Order 100101, and my email is ana.lindqvist@example.com");

		JsonNode history = this.http.get("/api/v1/conversations/" + chat.id).json();
		List<String> contents = new ArrayList<>();
		history.path("messages").forEach(message -> contents.add(message.path("content").asString()));
		assertThat(contents).hasSize(4).noneMatch(text -> text.contains("ana.lindqvist@example.com"));
		assertThat(contents.get(2)).isEqualTo("Order 100101, and my email is [EMAIL_1]");
		assertThat(contents.get(3)).startsWith("Order 100101 (1 \u00d7 Linen shirt, 2 \u00d7 Wool socks) was delivered by Parcelway");

		Http.Response export = new Http(this.port).get("/api/v1/audit/export?format=jsonl&assistant=ecommerce-support");
		assertThat(export.status()).isEqualTo(200);
		assertThat(export.body()).contains(chat.id)
			.doesNotContain("ana.lindqvist@example.com", "tomas.berger@example.com", "mira.okafor@example.com",
					"lea.martin@example.com", "erik.nilsen@example.com");
	}

}
