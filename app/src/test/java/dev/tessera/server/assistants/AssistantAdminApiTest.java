package dev.tessera.server.assistants;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;

import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators' assistants API through the real server: an edit over HTTP changes the next chat turn, a rollback
 * restores the old behaviour, a disabled assistant refuses chat. A fresh in-memory database per run; knowledge and
 * heads under a fixed data folder so later runs reuse them. The int8 encoder keeps start-up short.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/admin-assistants-api",
				"spring.datasource.url=jdbc:h2:mem:admin-assistants-${random.uuid};DB_CLOSE_DELAY=-1",
				"tessera.inference.encoder.quantized=true" })
class AssistantAdminApiTest {

	private static final String ADMIN = "/api/v1/admin/assistants";

	private static final String DELIVERY = "How long does standard delivery take?";

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	/** The application's audit log; until the real one lands, this test's stands in for it. */
	@TestConfiguration
	static class RecordingAuditLog {

		static final List<AdminAction> ACTIONS = new CopyOnWriteArrayList<>();

		@Bean
		AdminAuditLog adminAuditLog() {
			return ACTIONS::add;
		}

	}

	private Http.Response put(String path, String contentType, String body) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
	}

	private Http.Response post(String path) {
		return this.http.post(path, null, "application/json", new byte[0]);
	}

	private String yaml(String assistant) {
		Http.Response response = this.http.get(ADMIN + "/" + assistant, "application/yaml");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.contentType()).startsWith("application/yaml");
		return response.body();
	}

	private JsonNode ask(String assistant, String message) {
		String conversation = this.http.startConversation(assistant);
		Http.Response response = this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"" + message + "\"}");
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	private static JsonNode problem(Http.Response response, int status, String type, String detailContains) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("type").asString()).endsWith("/" + type);
		assertThat(problem.path("detail").asString()).contains(detailContains);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
		return problem;
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8);
	}

	@Test
	void lists_every_assistant_with_its_active_version_and_serves_the_pack_text_as_version_1() {
		JsonNode assistants = this.http.get(ADMIN).json();

		List<String> ids = new ArrayList<>();
		assistants.forEach(a -> ids.add(a.path("id").asString()));
		assertThat(ids).containsExactly("contract-review", "ecommerce-support", "medical-triage");
		assistants.forEach(a -> {
			assertThat(a.path("enabled").isBoolean()).isTrue();
			assertThat(a.path("activeVersion").asInt()).isPositive();
			assertThat(a.path("source").asString()).endsWith("/" + a.path("id").asString() + "/assistant.yaml");
		});

		JsonNode triage = this.http.get(ADMIN + "/medical-triage").json();
		assertThat(triage.path("name").asString()).isNotBlank();
		assertThat(triage.path("yaml").asString()).startsWith("id: medical-triage");
		assertThat(this.http.get(ADMIN + "/medical-triage/versions/1", "application/yaml").body())
			.isEqualTo(this.http.get(ADMIN + "/medical-triage/versions/1").json().path("yaml").asString());
		JsonNode first = this.http.get(ADMIN + "/medical-triage/versions").json().get(0);
		assertThat(first.path("origin").asString()).isEqualTo("PACK");
		assertThat(first.path("author").asString()).isEqualTo("pack");
	}

	@Test
	void an_edit_over_the_api_changes_the_next_turn_and_a_rollback_restores_it() {
		JsonNode before = ask("ecommerce-support", DELIVERY);
		assertThat(before.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(before.path("text").asString()).startsWith("Here is what our Shipping guide says");
		String original = yaml("ecommerce-support");
		int start = this.http.get(ADMIN + "/ecommerce-support").json().path("activeVersion").asInt();

		// 1. a reply template
		String template = original.replace("answer: \"Here is what our {title} says about {section}:\\n\\n{passage}\"",
				"answer: \"From the {title}, edited: {passage}\"");
		assertThat(template).isNotEqualTo(original);
		Http.Response edited = put(ADMIN + "/ecommerce-support?comment=" + encode("shorter answer template"),
				"application/yaml", template);
		assertThat(edited.status()).as(edited.body()).isEqualTo(200);
		JsonNode change = edited.json();
		assertThat(change.path("created").asBoolean()).isTrue();
		assertThat(change.path("version").path("version").asInt()).isEqualTo(start + 1);
		assertThat(change.path("version").path("author").asString()).isEqualTo(Http.ADMIN_USER);
		assertThat(change.path("version").path("comment").asString()).isEqualTo("shorter answer template");
		assertThat(ask("ecommerce-support", DELIVERY).path("text").asString())
			.startsWith("From the Shipping guide, edited: ");

		// 2. the routing policy: the same question is now "complex" and goes to a person
		String routing = template.replace("  max-words: 30", "  max-words: 3")
			.replace("  on-complex: ESCALATE_LLM", "  on-complex: HANDOFF_HUMAN");
		Http.Response rerouted = put(ADMIN + "/ecommerce-support", "text/plain", routing);
		assertThat(rerouted.status()).as(rerouted.body()).isEqualTo(200);
		JsonNode handedOff = ask("ecommerce-support", DELIVERY);
		assertThat(handedOff.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(handedOff.path("routeReason").asString()).contains("too complex").contains("max 3;");

		// the same text again stores nothing
		JsonNode same = put(ADMIN + "/ecommerce-support", "application/yaml", routing).json();
		assertThat(same.path("created").asBoolean()).isFalse();
		assertThat(same.path("version").path("version").asInt()).isEqualTo(start + 2);

		// 3. the diff between the pack's version and the latest
		Http.Response diff = this.http.get(ADMIN + "/ecommerce-support/diff?from=" + start + "&to=" + (start + 2),
				"text/plain");
		assertThat(diff.status()).isEqualTo(200);
		assertThat(diff.contentType()).startsWith("text/plain");
		assertThat(diff.body()).startsWith("--- ecommerce-support/assistant.yaml (version " + start + ")\n")
			.contains("\n-  max-words: 30\n+  max-words: 3\n")
			.contains("\n+  answer: \"From the {title}, edited: {passage}\"\n");
		JsonNode diffJson = this.http
			.get(ADMIN + "/ecommerce-support/diff?from=" + start + "&to=" + (start + 2), "application/json")
			.json();
		assertThat(diffJson.path("added").asInt()).isEqualTo(3);
		assertThat(diffJson.path("removed").asInt()).isEqualTo(3);
		assertThat(diffJson.path("diff").asString()).isEqualTo(diff.body());

		// 4. rollback to the pack's text: a new version, the old behaviour
		Http.Response rolledBack = post(ADMIN + "/ecommerce-support/rollback?to=" + start);
		assertThat(rolledBack.status()).as(rolledBack.body()).isEqualTo(200);
		assertThat(rolledBack.json().path("version").path("version").asInt()).isEqualTo(start + 3);
		assertThat(rolledBack.json().path("version").path("restoredFrom").asInt()).isEqualTo(start);
		assertThat(yaml("ecommerce-support")).isEqualTo(original);
		JsonNode after = ask("ecommerce-support", DELIVERY);
		assertThat(after.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(after.path("text").asString()).isEqualTo(before.path("text").asString());

		List<String> history = new ArrayList<>();
		this.http.get(ADMIN + "/ecommerce-support/versions")
			.json()
			.forEach(v -> history.add(v.path("origin").asString() + (v.path("active").asBoolean() ? "*" : "")));
		assertThat(history.subList(start - 1, history.size())).containsExactly("PACK", "EDIT", "EDIT", "ROLLBACK*");

		// every change went to the audit log, with the text before and after
		List<AdminAction> recorded = RecordingAuditLog.ACTIONS.stream()
			.filter(a -> a.target().equals("assistant/ecommerce-support"))
			.toList();
		assertThat(recorded).extracting(AdminAction::action)
			.containsExactly("assistant.update", "assistant.update", "assistant.rollback");
		assertThat(recorded).allSatisfy(a -> {
			assertThat(a.actor()).isEqualTo(Http.ADMIN_USER);
			assertThat(a.tenantId()).isEqualTo("default");
		});
		assertThat(recorded.get(0).before()).isEqualTo(original);
		assertThat(recorded.get(0).after()).isEqualTo(template);
		assertThat(recorded.get(2).after()).isEqualTo(original);
	}

	@Test
	void an_invalid_edit_is_a_problem_naming_field_and_line_and_stores_nothing() {
		String original = yaml("contract-review");
		int versions = this.http.get(ADMIN + "/contract-review/versions").json().size();
		int line = (int) original.lines().takeWhile(l -> !l.startsWith("  max-words:")).count() + 1;

		JsonNode zero = problem(put(ADMIN + "/contract-review", "application/yaml",
				original.replaceFirst("  max-words: \\d+", "  max-words: 0")), 400, "invalid-assistant",
				"must be >= 1, got 0");
		assertThat(zero.path("field").asString()).isEqualTo("routing.max-words");
		assertThat(zero.path("line").asInt()).isEqualTo(line);
		assertThat(zero.path("detail").asString()).contains("contract-review/assistant.yaml (edit):" + line);

		JsonNode rail = problem(put(ADMIN + "/contract-review", "application/yaml",
				original.replaceFirst("rail: pii", "rail: toxicity")), 400, "invalid-assistant", "unknown rail 'toxicity'");
		assertThat(rail.path("field").asString()).startsWith("rails.");
		assertThat(rail.path("line").asInt()).isPositive();
		JsonNode syntax = problem(put(ADMIN + "/contract-review", "application/yaml", original + "routing: [\n"), 400,
				"invalid-assistant", "contract-review/assistant.yaml (edit)");
		assertThat(syntax.path("line").asInt()).isGreaterThan((int) original.lines().count());
		problem(put(ADMIN + "/contract-review", "application/yaml",
				original.replaceFirst("id: contract-review", "id: contracts")), 400, "invalid-assistant",
				"cannot rename");
		problem(put(ADMIN + "/contract-review", "application/yaml", ""), 400, "bad-request", "body is empty");
		Http.Response json = put(ADMIN + "/contract-review", "application/json", "{\"id\": \"contract-review\"}");
		assertThat(json.status()).isEqualTo(415);
		assertThat(json.contentType()).startsWith("application/problem+json");
		assertThat(json.json().path("detail").asString()).contains("application/json");
		problem(this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + ADMIN
				+ "/contract-review"))
			.header("Content-Type", "application/yaml")
			.PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] { 'i', 'd', ':', ' ', (byte) 0xC3, (byte) 0x28 }))),
				400, "bad-request", "not valid UTF-8");

		assertThat(this.http.get(ADMIN + "/contract-review/versions").json()).hasSize(versions);
		assertThat(yaml("contract-review")).isEqualTo(original);
		assertThat(ask("contract-review", "What is our position on auto-renewal?").path("route").asString())
			.isEqualTo("ANSWER_LOCAL");
	}

	@Test
	void a_disabled_assistant_refuses_chat_but_operators_still_see_it() {
		String conversation = this.http.startConversation("medical-triage");

		JsonNode disabled = post(ADMIN + "/medical-triage/disable").json();
		try {
			assertThat(disabled.path("enabled").asBoolean()).isFalse();
			assertThat(this.http.get("/api/v1/assistants").body()).doesNotContain("medical-triage");
			assertThat(this.http.get("/v1/models").body()).doesNotContain("medical-triage");
			problem(post("/api/v1/assistants/medical-triage/conversations"), 409, "assistant-disabled",
					"Assistant 'medical-triage' is disabled.");
			problem(this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"I have a sore throat\"}"), 409, "assistant-disabled", "is disabled");
			problem(this.http.post("/api/v1/conversations/" + conversation + "/messages", "application/json",
					"text/event-stream", "{\"message\": \"I have a sore throat\"}".getBytes(StandardCharsets.UTF_8)),
					409, "assistant-disabled", "is disabled");
			problem(this.http.postJson("/v1/chat/completions",
					"{\"model\": \"medical-triage\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}"), 409,
					"assistant-disabled", "is disabled");
			JsonNode listed = null;
			for (JsonNode a : this.http.get(ADMIN).json()) {
				if (a.path("id").asString().equals("medical-triage")) {
					listed = a;
				}
			}
			assertThat(listed).isNotNull();
			assertThat(listed.path("enabled").asBoolean()).isFalse();
			// the history of its conversations stays readable
			assertThat(this.http.get("/api/v1/conversations/" + conversation).status()).isEqualTo(200);
		}
		finally {
			JsonNode enabled = post(ADMIN + "/medical-triage/enable").json();
			assertThat(enabled.path("enabled").asBoolean()).isTrue();
		}
		assertThat(this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"What should I do about a sore throat?\"}").status()).isEqualTo(200);
		assertThat(RecordingAuditLog.ACTIONS).extracting(AdminAction::action, AdminAction::target)
			.contains(org.assertj.core.groups.Tuple.tuple("assistant.disable", "assistant/medical-triage"),
					org.assertj.core.groups.Tuple.tuple("assistant.enable", "assistant/medical-triage"));
	}

	@Test
	void unknown_assistants_versions_and_bad_parameters_are_problems() {
		problem(this.http.get(ADMIN + "/astrology"), 404, "unknown-assistant", "astrology");
		problem(put(ADMIN + "/astrology", "application/yaml", "id: astrology\n"), 404, "unknown-assistant",
				"astrology");
		problem(post(ADMIN + "/astrology/disable"), 404, "unknown-assistant", "astrology");
		problem(this.http.get(ADMIN + "/medical-triage/versions/99"), 404, "unknown-assistant-version",
				"no version 99");
		problem(post(ADMIN + "/medical-triage/rollback?to=99"), 404, "unknown-assistant-version", "no version 99");
		problem(this.http.get(ADMIN + "/medical-triage/diff?from=1&to=99"), 404, "unknown-assistant-version",
				"no version 99");
		Http.Response missing = this.http.get(ADMIN + "/medical-triage/diff?from=1");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.contentType()).startsWith("application/problem+json");
		Http.Response notANumber = post(ADMIN + "/medical-triage/rollback?to=latest");
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.contentType()).startsWith("application/problem+json");
		problem(put(ADMIN + "/medical-triage?comment=" + "x".repeat(1001), "application/yaml", yaml("medical-triage")),
				400, "bad-request", "at most 1000");
	}

}
