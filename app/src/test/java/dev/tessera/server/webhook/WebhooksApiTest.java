package dev.tessera.server.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.core.webhook.WebhookSignature;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-off events reach a help desk's webhook (a real HTTP server standing in for it), signed, and the delivery log
 * shows them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/webhooks-api", "tessera.webhooks.poll-interval=100ms" })
class WebhooksApiTest {

	private static final String SECRET = "helpdesk-shared-secret-123";

	static final WireMockServer helpdesk = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static {
		helpdesk.start();
		helpdesk.stubFor(post(urlEqualTo("/tessera/events")).willReturn(aResponse().withStatus(200)));
	}

	@DynamicPropertySource
	static void webhook(DynamicPropertyRegistry registry) {
		registry.add("tessera.webhooks.endpoints[0].name", () -> "helpdesk");
		registry.add("tessera.webhooks.endpoints[0].url", () -> helpdesk.baseUrl() + "/tessera/events");
		registry.add("tessera.webhooks.endpoints[0].secret", () -> SECRET);
	}

	@AfterAll
	static void stop() {
		helpdesk.stop();
	}

	@LocalServerPort
	int port;

	@Test
	void a_hand_off_and_its_resolution_reach_the_help_desk_signed() {
		Http http = new Http(this.port);
		String conversation = http.startConversation("ecommerce-support");
		JsonNode turn = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"I want to talk to a person, my email is ana@example.com\"}").json();
		assertThat(turn.path("route").asString()).isEqualTo("HANDOFF_HUMAN");

		LoggedRequest queued = await(() -> events("handoff.queued", conversation));
		String body = queued.getBodyAsString();
		assertThat(WebhookSignature.verify(SECRET, queued.getHeader(WebhookSignature.HEADER), body,
				Instant.now().getEpochSecond(), 300)).isTrue();
		JsonNode event = Http.JSON.readTree(body);
		assertThat(event.path("type").asString()).isEqualTo("handoff.queued");
		assertThat(event.path("tenant").asString()).isEqualTo("default");
		assertThat(event.path("data").path("reason").asString()).endsWith("the customer asked for a person");
		assertThat(event.path("data").path("context").asString()).as("the context is redacted")
			.contains("[EMAIL_1]")
			.doesNotContain("ana@example.com");

		String handoff = event.path("data").path("handoffId").asString();
		http.postJson("/api/v1/handoffs/" + handoff + "/claim", "{\"agent\": \"ana\"}");
		http.postJson("/api/v1/handoffs/" + handoff + "/resolve", "{\"agent\": \"ana\", \"note\": \"called back\"}");
		LoggedRequest resolved = await(() -> events("handoff.resolved", conversation));
		assertThat(Http.JSON.readTree(resolved.getBodyAsString()).path("data").path("resolution").asString())
			.isEqualTo("called back");

		JsonNode log = http.get("/api/v1/admin/webhooks/deliveries").json();
		assertThat(log.size()).isGreaterThanOrEqualTo(2);
		JsonNode first = log.get(0);
		assertThat(first.path("status").asString()).isEqualTo("DELIVERED");
		assertThat(first.path("endpoint").asString()).isEqualTo("helpdesk");
		assertThat(http.get("/api/v1/admin/webhooks/deliveries/" + first.path("id").asString()).status()).isEqualTo(200);
		assertThat(http.post("/api/v1/admin/webhooks/deliveries/" + first.path("id").asString() + "/retry", null,
				"application/json", new byte[0]).status()).as("a delivered event is not retried").isEqualTo(400);
		assertThat(http.get("/api/v1/admin/webhooks/deliveries?status=LOST").status()).isEqualTo(400);
		assertThat(http.get("/api/v1/admin/webhooks/deliveries/nope").status()).isEqualTo(404);
	}

	@Test
	void a_contract_reviews_analysis_and_decision_reach_the_workflow_tool() throws Exception {
		Http http = new Http(this.port);
		byte[] contract = java.nio.file.Files.readAllBytes(java.nio.file.Path
			.of("../domains/src/main/resources/tessera/packs/contract-review/samples/services-agreement.txt"));
		Http.Response uploaded = http.upload("/api/v1/contract-reviews", java.util.Map.of("services.txt", contract));
		assertThat(uploaded.status()).as(uploaded.body()).isEqualTo(202);
		String review = uploaded.json().path("id").asString();

		LoggedRequest analysed = await(() -> events("contract-review.analysed", review));
		JsonNode data = Http.JSON.readTree(analysed.getBodyAsString()).path("data");
		assertThat(data.path("reviewId").asString()).isEqualTo(review);
		assertThat(data.path("overallRisk").asString()).isNotBlank();

		Http.Response decided = http.postJson("/api/v1/contract-reviews/" + review + "/decision",
				"{\"decision\": \"APPROVED\", \"comment\": \"fine as it is\"}");
		assertThat(decided.status()).as(decided.body()).isEqualTo(200);
		LoggedRequest decision = await(() -> events("contract-review.decided", review));
		assertThat(Http.JSON.readTree(decision.getBodyAsString()).path("data").path("decision").asString())
			.isEqualTo("APPROVED");
	}

	private static LoggedRequest events(String type, String conversation) {
		List<LoggedRequest> requests = helpdesk.findAll(postRequestedFor(urlEqualTo("/tessera/events")));
		return requests.stream()
			.filter(r -> type.equals(r.getHeader("X-Tessera-Event")) && r.getBodyAsString().contains(conversation))
			.findFirst()
			.orElse(null);
	}

	private static <T> T await(Supplier<T> probe) {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (Instant.now().isBefore(deadline)) {
			T value = probe.get();
			if (value != null) {
				return value;
			}
			try {
				Thread.sleep(50);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		throw new AssertionError("no webhook arrived in time");
	}

}
