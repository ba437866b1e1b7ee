package dev.tessera.server.owasp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP Top 10 for LLM applications (2025), LLM02 sensitive information disclosure: personal data a user types never
 * leaves the turn unredacted. Seeded values (an e-mail address, a phone number, a card number, an IBAN) go through an
 * escalated turn and a handed-off turn, with Tessera's own logging at DEBUG; then every outlet is scanned: the server's
 * log output, each request sent to the large model, each webhook body, the stored conversation, the audit list and
 * both audit exports.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.escalation.provider=openai", "tessera.escalation.openai.model=big-model",
				"tessera.escalation.max-attempts=1", "tessera.webhooks.poll-interval=100ms",
				"logging.level.dev.tessera=DEBUG" })
class Llm02SensitiveInformationDisclosureTest {

	static final WireMockServer outside = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final List<String> SEEDED = List.of("zelda.quartz@example.org", "+44 20 7946 0958", "20 7946 0958",
			"4111 1111 1111 1111", "4111111111111111", "GB82 WEST 1234 5698 7654 32", "GB82WEST12345698765432");

	@DynamicPropertySource
	static void outside(DynamicPropertyRegistry registry) {
		outside.start();
		outside.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(FakeLargeModel.completion("Yes, we gift-wrap orders.")));
		outside.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
		registry.add("tessera.escalation.openai.base-url", () -> outside.baseUrl() + "/v1");
		registry.add("tessera.webhooks.endpoints[0].name", () -> "helpdesk");
		registry.add("tessera.webhooks.endpoints[0].url", () -> outside.baseUrl() + "/hooks");
		registry.add("tessera.webhooks.endpoints[0].secret", () -> "llm02-webhook-secret");
		String run = UUID.randomUUID().toString();
		registry.add("tessera.data-dir", () -> "./target/test-data/llm02-" + run);
	}

	@AfterAll
	static void stop() {
		outside.stop();
	}

	@LocalServerPort
	int port;

	@Test
	void seeded_personal_data_reaches_no_log_model_request_webhook_store_or_export(CapturedOutput output)
			throws Exception {
		Http http = new Http(this.port);
		String escalated = http.startConversation("ecommerce-support");
		Http.Response first = http.postJson("/api/v1/conversations/" + escalated + "/messages",
				"{\"message\": \"Do you sell gift wrapping for birthdays? Write to zelda.quartz@example.org or call"
						+ " +44 20 7946 0958.\"}");
		assertThat(first.json().path("route").asString()).as(first.body()).isEqualTo("ESCALATE_LLM");
		String handedOff = http.startConversation("ecommerce-support");
		Http.Response second = http.postJson("/api/v1/conversations/" + handedOff + "/messages",
				"{\"message\": \"I want to talk to a person please: card 4111 1111 1111 1111 was charged twice,"
						+ " refund to GB82 WEST 1234 5698 7654 32, mail zelda.quartz@example.org\"}");
		assertThat(second.json().path("route").asString()).as(second.body()).isEqualTo("HANDOFF_HUMAN");
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (outside.findAll(postRequestedFor(urlEqualTo("/hooks"))).isEmpty()) {
			assertThat(System.nanoTime()).as("no webhook was delivered").isLessThan(deadline);
			Thread.sleep(50);
		}

		List<String> outlets = new ArrayList<>();
		List<String> names = new ArrayList<>();
		for (LoggedRequest request : outside.findAll(anyRequestedFor(anyUrl()))) {
			names.add("request to " + request.getUrl());
			outlets.add(request.getBodyAsString());
		}
		assertThat(names).anyMatch(name -> name.contains("/v1/chat/completions")).anyMatch(name -> name.contains("/hooks"));
		for (String conversation : List.of(escalated, handedOff)) {
			names.add("stored conversation " + conversation);
			outlets.add(http.get("/api/v1/conversations/" + conversation).body());
		}
		names.add("audit list");
		outlets.add(http.get("/api/v1/audit?limit=100").body());
		names.add("audit export csv");
		outlets.add(http.get("/api/v1/audit/export?format=csv").body());
		names.add("audit export jsonl");
		outlets.add(http.get("/api/v1/audit/export?format=jsonl").body());
		names.add("hand-off queue");
		outlets.add(http.get("/api/v1/handoffs?limit=100").body());
		names.add("the server's log");
		outlets.add(output.getAll());

		for (int i = 0; i < outlets.size(); i++) {
			for (String seeded : SEEDED) {
				assertThat(outlets.get(i)).as(names.get(i) + " holds " + seeded).doesNotContain(seeded);
			}
		}
		// the outlets were really read: the redacted placeholders are there instead, and Tessera's DEBUG lines
		assertThat(String.join("\n", outlets)).contains("[EMAIL_1]");
		assertThat(output.getAll()).as("the server's log was captured").contains("DEBUG").contains("dev.tessera");
	}

}
