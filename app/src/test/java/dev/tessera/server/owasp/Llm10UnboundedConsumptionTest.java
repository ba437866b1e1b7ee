package dev.tessera.server.owasp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP Top 10 for LLM applications (2025), LLM10 unbounded consumption: every way a caller could make the server or
 * the large model spend without bound has a limit, and each refusal says so as problem details with, where waiting
 * helps, {@code Retry-After}. Message length (413), request size (413), an API key's rate (429), the tenant's
 * large-model budget (the turn goes to a person, the model is not called). Overload (503) and concurrency per tenant
 * (429) are {@code TurnAdmissionTest}'s; the large model's timeout and bulkhead {@code HangingLargeModelTest}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.escalation.provider=openai", "tessera.escalation.openai.model=big-model",
				"tessera.escalation.max-attempts=1", "tessera.escalation.budget.max-escalations=1",
				"tessera.api.turns.per-key-per-second=2", "tessera.chat.max-message-chars=500" })
class Llm10UnboundedConsumptionTest {

	static final WireMockServer model = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@DynamicPropertySource
	static void model(DynamicPropertyRegistry registry) {
		model.start();
		model.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(FakeLargeModel.completion("Yes, we gift-wrap orders.")));
		registry.add("tessera.escalation.openai.base-url", () -> model.baseUrl() + "/v1");
		String run = UUID.randomUUID().toString();
		registry.add("tessera.data-dir", () -> "./target/test-data/llm10-" + run);
	}

	@AfterAll
	static void stop() {
		model.stop();
	}

	@LocalServerPort
	int port;

	@Test
	void long_messages_and_large_bodies_are_refused_before_any_work() {
		Http http = new Http(this.port);
		String conversation = http.startConversation("ecommerce-support");
		Http.Response longMessage = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				Http.JSON.writeValueAsString(Map.of("message", "Where is my parcel? ".repeat(40))));
		assertThat(longMessage.status()).isEqualTo(413);
		assertThat(longMessage.contentType()).startsWith("application/problem+json");
		Http.Response largeBody = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"hi\", \"padding\": \"" + "x".repeat(100_000) + "\"}");
		assertThat(largeBody.status()).isEqualTo(413);
		assertThat(largeBody.contentType()).startsWith("application/problem+json");
		assertThat(http.get("/api/v1/conversations/" + conversation).json().path("messages")).isEmpty();
	}

	@Test
	void an_api_key_is_held_to_its_rate() {
		Http admin = new Http(this.port);
		Http client = admin.withApiKey(admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"llm10 client\"}")
			.json()
			.path("secret")
			.asString());
		String conversation = client.startConversation("ecommerce-support");
		List<Http.Response> responses = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			responses.add(client.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"Do you ship abroad?\"}"));
		}
		assertThat(responses).anySatisfy(response -> assertThat(response.status()).isEqualTo(200));
		assertThat(responses.stream().filter(response -> response.status() == 429).toList()).isNotEmpty()
			.allSatisfy(response -> {
				assertThat(response.raw().headers().firstValue("Retry-After")).isPresent();
				assertThat(response.json().path("type").asString()).endsWith("/rate-limited");
			});
	}

	@Test
	void the_tenants_large_model_budget_is_spent_once_then_turns_go_to_a_person() {
		Http http = new Http(this.port);
		List<JsonNode> turns = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			String conversation = http.startConversation("ecommerce-support");
			turns.add(http.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"Do you sell gift wrapping for birthdays?\"}").json());
		}
		assertThat(turns.get(0).path("route").asString()).as(turns.get(0).toString()).isEqualTo("ESCALATE_LLM");
		for (JsonNode later : turns.subList(1, 3)) {
			assertThat(later.path("route").asString()).as(later.toString()).isEqualTo("HANDOFF_HUMAN");
			assertThat(later.path("routeReason").asString()).contains("over_budget");
		}
		assertThat(model.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
	}

}
