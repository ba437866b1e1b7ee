package dev.tessera.server.handoff;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off API on the embedded H2 database, with escalation configured to a large-model server that is failing
 * (a fake OpenAI-compatible server answering 502): escalated turns still get an honest reply, never an error page.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.escalation.provider=openai",
				"tessera.escalation.openai.model=big-model", "tessera.escalation.max-attempts=1" })
class HandoffApiTest {

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		provider.start();
		provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(502)));
		registry.add("tessera.escalation.openai.base-url", () -> "http://localhost:" + provider.port() + "/v1");
		// a database of its own per run, so the queue holds only this run's items
		String run = java.util.UUID.randomUUID().toString();
		registry.add("tessera.data-dir", () -> "./target/test-data/handoff-api-" + run);
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void a_hand_off_is_claimed_answered_in_the_conversation_and_resolved() {
		HandoffFlow.run(this.http, "jane@example.com");
	}

	@Test
	void a_failing_large_model_turns_into_a_queued_hand_off_with_an_honest_reply() {
		String conversation = this.http.startConversation("ecommerce-support");

		Http.Response response = this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"Do you sell gift wrapping for birthdays?\"}");

		assertThat(response.status()).isEqualTo(200);
		JsonNode turn = response.json();
		assertThat(turn.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(turn.path("text").asString()).startsWith("I couldn't find that in our help articles, so I won't guess.");
		assertThat(turn.path("routeReason").asString()).contains("the large model did not answer (provider_error");
		assertThat(provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).isNotEmpty();
		boolean queued = false;
		for (JsonNode item : this.http.get("/api/v1/handoffs?state=OPEN&limit=500").json()) {
			queued |= item.path("conversationId").asString().equals(conversation);
		}
		assertThat(queued).isTrue();
	}

	@Test
	void bad_requests_are_problems() {
		HandoffFlow.assertProblem(this.http.get("/api/v1/handoffs/no-such-id"), 404, "no hand-off with id 'no-such-id'");
		HandoffFlow.assertProblem(this.http.postJson("/api/v1/handoffs/no-such-id/claim", "{\"agent\": \"ana\"}"), 404,
				"no hand-off");
		HandoffFlow.assertProblem(this.http.get("/api/v1/handoffs?state=lost"), 400,
				"state must be one of [OPEN, CLAIMED, RESOLVED]");
		HandoffFlow.assertProblem(this.http.get("/api/v1/handoffs?limit=0"), 400, "limit must be within 1..500");
		HandoffFlow.assertProblem(this.http.postJson("/api/v1/handoffs/x/claim", "{}"), 400, "'agent' is required");
		HandoffFlow.assertProblem(this.http.postJson("/api/v1/handoffs/x/claim", "{\"agent\": "), 400,
				"not valid JSON");
	}

}
