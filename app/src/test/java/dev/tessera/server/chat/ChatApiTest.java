package dev.tessera.server.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat API of the server as shipped: the three demo packs on the embedded H2 file database.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/chat-api")
class ChatApiTest {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void the_demo_answers_anonymous_chat_on_the_default_tenant_but_nothing_else_without_credentials() {
		Http anonymous = this.http.anonymous();
		String conversation = anonymous.startConversation("ecommerce-support");
		Http.Response reply = anonymous.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"How long does standard delivery take?\"}");
		assertThat(reply.status()).isEqualTo(200);
		assertThat(reply.json().path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(anonymous.get("/api/v1/me").status()).isEqualTo(401);
		Http.Response queue = anonymous.get("/api/v1/handoffs");
		assertThat(queue.status()).isEqualTo(401);
		assertThat(queue.contentType()).startsWith("application/problem+json");
		assertThat(anonymous.get("/api/v1/collections/ecommerce-support/documents").status()).isEqualTo(401);
	}

	@Test
	void messages_sent_at_once_to_one_conversation_are_all_answered_and_kept_in_order() throws Exception {
		String conversation = this.http.anonymous().startConversation("ecommerce-support");
		int messages = 12;
		List<java.util.concurrent.Future<Http.Response>> replies = new ArrayList<>();
		try (var threads = java.util.concurrent.Executors.newFixedThreadPool(messages)) {
			for (int i = 0; i < messages; i++) {
				String body = "{\"message\": \"How long does standard delivery take? (" + i + ")\"}";
				replies.add(threads.submit(() -> this.http.anonymous()
					.postJson("/api/v1/conversations/" + conversation + "/messages", body)));
			}
		}
		for (var reply : replies) {
			assertThat(reply.get().status()).as(reply.get().body()).isEqualTo(200);
		}
		JsonNode stored = this.http.get("/api/v1/conversations/" + conversation).json().path("messages");
		assertThat(stored.size()).isEqualTo(2 * messages);
		for (int i = 0; i < stored.size(); i += 2) {
			// each question is followed by its own answer
			assertThat(stored.get(i).path("role").asString()).isEqualToIgnoringCase("user");
			assertThat(stored.get(i + 1).path("role").asString()).isEqualToIgnoringCase("assistant");
			assertThat(stored.get(i + 1).path("turnId").asString()).isEqualTo(stored.get(i).path("turnId").asString());
		}
		assertThat(this.http.get("/api/v1/audit/verify").json().path("valid").asBoolean()).isTrue();
	}

	@Test
	void lists_the_three_demo_assistants() {
		JsonNode assistants = this.http.get("/api/v1/assistants").json();

		List<String> ids = new ArrayList<>();
		assistants.forEach(a -> ids.add(a.path("id").asString()));
		assertThat(ids).containsExactly("contract-review", "ecommerce-support", "medical-triage");
		assistants.forEach(a -> assertThat(a.path("knowledgeDocuments").asInt()).isPositive());
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
			"ecommerce-support | How long does standard delivery take?  | ANSWER_LOCAL  | 3 to 5 working days",
			"ecommerce-support | I want to talk to a person please     | HANDOFF_HUMAN | support team",
			"contract-review   | What is our position on auto-renewal? | ANSWER_LOCAL  | not legal advice",
			"medical-triage    | I have chest pain and feel dizzy      | HANDOFF_HUMAN | emergency number",
			"medical-triage    | What should I do about a sore throat? | ANSWER_LOCAL  | not a diagnosis" })
	void each_demo_assistant_answers_with_text_citations_route_model_rails_and_latency(String assistant,
			String message, String route, String expectedText) {
		String conversation = this.http.startConversation(assistant);

		Http.Response response = this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"" + message + "\"}");

		assertThat(response.status()).isEqualTo(200);
		JsonNode reply = response.json();
		assertThat(reply.path("text").asString()).contains(expectedText);
		assertThat(reply.path("route").asString()).isEqualTo(route);
		assertThat(reply.path("model").asString()).isEqualTo("grounded-template");
		assertThat(reply.path("citations").isArray()).isTrue();
		assertThat(reply.path("citations").isEmpty()).isEqualTo(!route.equals("ANSWER_LOCAL"));
		assertThat(reply.path("rails").isEmpty()).isFalse();
		assertThat(reply.path("latencyMs").isNumber()).isTrue();
		List<String> stages = new ArrayList<>();
		reply.path("trail").forEach(step -> stages.add(step.path("stage").asString()));
		assertThat(stages).containsExactly("input-rails", "understand", "retrieve", "route", "respond",
				"output-rails", "audit");
	}

	@Test
	void keeps_the_history_of_a_conversation_with_redacted_user_text() {
		String conversation = this.http.startConversation("ecommerce-support");
		this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"My card was declined, I am jane.doe@example.com\"}");
		this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"How do I reset my password?\"}");

		JsonNode history = this.http.get("/api/v1/conversations/" + conversation).json();

		assertThat(history.path("assistant").asString()).isEqualTo("ecommerce-support");
		List<String> roles = new ArrayList<>();
		history.path("messages").forEach(m -> roles.add(m.path("role").asString()));
		assertThat(roles).containsExactly("user", "assistant", "user", "assistant");
		assertThat(history.path("messages").get(0).path("content").asString())
			.isEqualTo("My card was declined, I am [EMAIL_1]");
		assertThat(history.path("messages").get(3).path("content").asString()).contains("Forgot password");
	}

	@Test
	void the_conversation_location_is_returned_on_creation() {
		Http.Response created = this.http.post("/api/v1/assistants/medical-triage/conversations", null, null,
				new byte[0]);

		assertThat(created.status()).isEqualTo(201);
		assertThat(created.location()).isEqualTo("/api/v1/conversations/" + created.json().path("id").asString());
	}

	@Test
	void streams_the_reply_as_server_sent_events() {
		String conversation = this.http.startConversation("medical-triage");

		Http.Response response = this.http.post("/api/v1/conversations/" + conversation + "/messages",
				"application/json", "text/event-stream",
				("{\"message\": \"I'm 30 and sprained my ankle an hour ago; it's mildly painful. What should I do?\"}")
					.getBytes());

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("text/event-stream");
		List<String> events = new ArrayList<>();
		StringBuilder streamed = new StringBuilder();
		JsonNode done = null;
		String event = null;
		for (String line : response.body().split("\n")) {
			if (line.startsWith("event:")) {
				event = line.substring(6).strip();
				events.add(event);
			}
			else if (line.startsWith("data:")) {
				JsonNode data = Http.JSON.readTree(line.substring(5));
				if ("delta".equals(event)) {
					streamed.append(data.path("text").asString());
				}
				else if ("done".equals(event)) {
					done = data;
				}
			}
		}
		assertThat(events.getFirst()).isEqualTo("turn");
		assertThat(events.getLast()).isEqualTo("done");
		assertThat(events).filteredOn("delta"::equals).hasSizeGreaterThan(1);
		assertThat(done).isNotNull();
		assertThat(streamed.toString()).isEqualTo(done.path("text").asString());
		assertThat(done.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(done.path("text").asString()).contains("ice pack");
	}

	@Test
	void the_embedded_database_is_a_file_under_the_data_directory() {
		assertThat(Files.exists(Path.of("target/test-data/chat-api/db/tessera.mv.db"))).isTrue();
	}

}
