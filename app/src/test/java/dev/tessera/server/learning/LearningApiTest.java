package dev.tessera.server.learning;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import dev.tessera.core.access.Role;
import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;
import dev.tessera.core.access.OperatorAccountService;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Learning from escalations through the API, on the server as shipped with a fake large model: an escalated turn and a
 * handed-off one become candidate examples (the large model's answer, then the person's reply, redacted), a reviewer
 * labels them, an administrator retrains the head through the gate and rolls the promotion back; every decision is in
 * the audit trail, and bad requests are problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.escalation.provider=openai", "tessera.escalation.openai.model=big-model",
				"tessera.escalation.max-attempts=1", "tessera.heads.learning.spot-check-share=0" })
class LearningApiTest {

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final String PASSWORD = "reviewer-password-1";

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		provider.start();
		provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(FakeLargeModel.completion("Standard delivery takes 3 to 5 working days within the country. You can return most items within 30 days of delivery, for any reason.")));
		registry.add("tessera.escalation.openai.base-url", () -> "http://localhost:" + provider.port() + "/v1");
		registry.add("tessera.data-dir", () -> "./target/test-data/learning-api-" + java.util.UUID.randomUUID());
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@LocalServerPort
	int port;

	@Autowired
	OperatorAccountService accounts;

	Http admin;

	Http reviewer;

	@BeforeEach
	void operators() {
		this.admin = new Http(this.port);
		if (this.accounts.find("rita").isEmpty()) {
			this.accounts.create("rita", PASSWORD, EnumSet.of(Role.REVIEWER), "default");
		}
		this.reviewer = this.admin.as("rita", PASSWORD);
	}

	private JsonNode say(String conversation, String message) {
		Http.Response response = this.admin.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": " + Http.JSON.writeValueAsString(message) + "}");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private JsonNode candidateOf(String turnId) {
		for (JsonNode c : this.reviewer.get("/api/v1/learning/candidates?assistant=ecommerce-support&limit=500").json()) {
			if (c.path("turnId").asString().equals(turnId)) {
				return c;
			}
		}
		throw new AssertionError("no candidate for turn " + turnId);
	}

	private List<String> adminActions() {
		List<String> actions = new ArrayList<>();
		for (JsonNode item : this.admin.get("/api/v1/audit?kind=admin&size=200").json().path("items")) {
			actions.add(item.path("action").asString());
		}
		return actions;
	}

	@Test
	void escalated_and_handed_off_turns_are_reviewed_retrained_through_the_gate_and_rolled_back() {
		String conversation = this.admin.startConversation("ecommerce-support");
		// two questions in one message: too complex for the small model, so the large model answers
		JsonNode escalated = say(conversation, "How long does standard delivery take? And can I return things I bought?");
		assertThat(escalated.path("route").asString()).as(escalated.toString()).isEqualTo("ESCALATE_LLM");
		String other = this.admin.startConversation("ecommerce-support");
		JsonNode handedOff = say(other, "I want to talk to a person please");
		assertThat(handedOff.path("route").asString()).isEqualTo("HANDOFF_HUMAN");

		JsonNode fromModel = candidateOf(escalated.path("turnId").asString());
		assertThat(fromModel.path("state").asString()).isEqualTo("PENDING");
		assertThat(fromModel.path("answer").asString()).isEqualTo("Standard delivery takes 3 to 5 working days within the country. You can return most items within 30 days of delivery, for any reason.");
		assertThat(fromModel.path("answerSource").asString()).isEqualTo("LARGE_MODEL");
		assertThat(fromModel.path("routeReason").asString()).isEqualTo(escalated.path("routeReason").asString());
		assertThat(fromModel.path("predictions").path("intent").path("confidence").asDouble()).isBetween(0.0, 1.0);

		// the person's reply is the handed-off turn's answer, with personal data redacted
		String handoff = null;
		for (JsonNode item : this.admin.get("/api/v1/handoffs?state=OPEN&limit=500").json()) {
			if (item.path("conversationId").asString().equals(other)) {
				handoff = item.path("id").asString();
			}
		}
		assertThat(this.reviewer.postJson("/api/v1/handoffs/" + handoff + "/claim", "{\"agent\": \"rita\"}").status())
			.isEqualTo(200);
		assertThat(this.reviewer.postJson("/api/v1/handoffs/" + handoff + "/reply",
				"{\"agent\": \"rita\", \"message\": \"Write to orders@example.com and we will call you back.\"}")
			.status()).isEqualTo(200);
		JsonNode fromPerson = candidateOf(handedOff.path("turnId").asString());
		assertThat(fromPerson.path("answerSource").asString()).isEqualTo("PERSON");
		assertThat(fromPerson.path("answeredBy").asString()).isEqualTo("rita");
		assertThat(fromPerson.path("answer").asString()).startsWith("Write to ").doesNotContain("orders@example.com");

		// a review is checked against the heads
		String first = fromModel.path("id").asString();
		Http.Response wrongLabel = this.reviewer.postJson("/api/v1/learning/candidates/" + first + "/review",
				"{\"decision\": \"ACCEPTED\", \"labels\": {\"intent\": \"gift_wrapping\"}}");
		assertProblem(wrongLabel, 409, "'gift_wrapping' is not a label of head 'intent'");
		JsonNode accepted = this.reviewer.postJson("/api/v1/learning/candidates/" + first + "/review",
				"{\"decision\": \"OUT_OF_SCOPE\", \"note\": \"gift wrapping is no intent of ours\"}").json();
		assertThat(accepted.path("state").asString()).isEqualTo("OUT_OF_SCOPE");
		assertThat(accepted.path("labels").path("intent").asString()).isEqualTo("out_of_scope");
		assertThat(accepted.path("reviewedBy").asString()).isEqualTo("rita");
		assertProblem(this.reviewer.postJson("/api/v1/learning/candidates/" + first + "/review",
				"{\"decision\": \"ACCEPTED\", \"labels\": {\"intent\": \"shipping\"}}"), 409, "already reviewed");
		JsonNode second = this.reviewer.postJson(
				"/api/v1/learning/candidates/" + fromPerson.path("id").asString() + "/review",
				"{\"decision\": \"ACCEPTED\", \"labels\": {\"intent\": \"order_status\"}}").json();
		assertThat(second.path("state").asString()).isEqualTo("ACCEPTED");

		// the person's answer becomes a knowledge document of the tenant
		JsonNode published = this.reviewer.postJson(
				"/api/v1/learning/candidates/" + fromPerson.path("id").asString() + "/knowledge",
				"{\"collection\": \"reviewed-answers\"}").json();
		assertThat(published.path("knowledgeDocument").asString()).startsWith("reviewed-answers/reviewed-answer-");

		// reviewers review; administrators retrain
		assertThat(this.reviewer.post("/api/v1/learning/heads/ecommerce-support/intent/retrain", "application/json",
				"application/json", new byte[0]).status()).isEqualTo(403);
		int serving = this.admin.get("/api/v1/assistants/ecommerce-support/heads/intent").json().path("version").asInt();
		Http.Response retrained = this.admin.post("/api/v1/learning/heads/ecommerce-support/intent/retrain",
				"application/json", "application/json", new byte[0]);
		assertThat(retrained.status()).as(retrained.body()).isEqualTo(200);
		JsonNode round = retrained.json();
		assertThat(round.path("servingVersion").asInt()).isEqualTo(serving);
		assertThat(round.path("candidateVersion").asInt()).isGreaterThan(serving);
		assertThat(round.path("heldBack").asInt()).as("the first accepted example is held back").isEqualTo(1);
		assertThat(round.path("comparison").path("figures").findValuesAsString("name")).contains("accuracy", "ECE",
				"escalation rate");
		String state = round.path("state").asString();
		assertThat(state).isIn("PROMOTED", "WAITING");
		int now = this.admin.get("/api/v1/assistants/ecommerce-support/heads/intent").json().path("version").asInt();
		assertThat(now).isEqualTo(state.equals("PROMOTED") ? round.path("candidateVersion").asInt() : serving);
		assertThat(this.reviewer.get("/api/v1/learning/heads/ecommerce-support/intent/promotions").json().get(0)
			.path("id").asString()).isEqualTo(round.path("id").asString());
		if (state.equals("PROMOTED")) {
			JsonNode rolledBack = this.admin.post("/api/v1/learning/heads/ecommerce-support/intent/rollback",
					"application/json", "application/json", new byte[0]).json();
			assertThat(rolledBack.path("state").asString()).isEqualTo("ROLLED_BACK");
			assertThat(this.admin.get("/api/v1/assistants/ecommerce-support/heads/intent").json().path("version").asInt())
				.isEqualTo(serving);
		}
		assertProblem(this.admin.post("/api/v1/learning/heads/ecommerce-support/intent/rollback", "application/json",
				"application/json", new byte[0]), 409, "nothing to roll back");

		assertThat(adminActions()).contains("learning.review", "learning.knowledge",
				state.equals("PROMOTED") ? "head.promote" : "head.promotion-refused");
		if (state.equals("PROMOTED")) {
			assertThat(adminActions()).contains("head.rollback");
		}
	}

	@Test
	void bad_requests_are_problems() {
		assertProblem(this.reviewer.get("/api/v1/learning/candidates/no-such-id"), 404, "no candidate example 'no-such-id'");
		assertProblem(this.reviewer.get("/api/v1/learning/candidates?state=lost"), 400, "unknown state 'lost'");
		assertProblem(this.reviewer.get("/api/v1/learning/candidates?limit=0"), 400, "limit must be within 1..500");
		assertProblem(this.reviewer.postJson("/api/v1/learning/candidates/x/review", "{}"), 400, "decision");
		assertProblem(this.reviewer.postJson("/api/v1/learning/candidates/x/review", "{\"decision\": \"MAYBE\"}"), 400,
				"unknown state 'MAYBE'");
		assertProblem(this.reviewer.postJson("/api/v1/learning/candidates/x/review", "{\"decision\": "), 400,
				"not valid JSON");
		assertProblem(this.reviewer.postJson("/api/v1/learning/candidates/x/knowledge", "{}"), 400, "collection");
		assertProblem(this.admin.post("/api/v1/learning/heads/ecommerce-support/mood/retrain", "application/json",
				"application/json", new byte[0]), 404, "mood");
	}

	static void assertProblem(Http.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains(detail);
	}

}
