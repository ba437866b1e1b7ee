package dev.tessera.server.ops;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/operations")
class OperationsTest {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void health_includes_the_database_and_shows_its_details_to_operators_only() {
		JsonNode health = this.http.get("/actuator/health").json();

		assertThat(health.path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(health.path("components").path("db").path("details").path("database").asString())
			.isEqualTo("H2");

		JsonNode anonymous = this.http.anonymous().get("/actuator/health").json();
		assertThat(anonymous.path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.path("components").path("db").path("status").asString()).isEqualTo("UP");
		assertThat(anonymous.path("components").path("db").has("details")).isFalse();
		assertThat(anonymous.toString()).as("no disk path").doesNotContain("\"path\"");
	}

	@Test
	void prometheus_exposes_turn_timings() {
		String conversation = this.http.startConversation("ecommerce-support");
		this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"How do I start a return?\"}");

		Http.Response metrics = this.http.get("/actuator/prometheus", "text/plain");

		assertThat(metrics.status()).isEqualTo(200);
		assertThat(metrics.body()).contains("tessera_turn_seconds_count{assistant=\"ecommerce-support\"")
			.contains("http_server_requests_seconds");
	}

	@Test
	void publishes_an_openapi_description() {
		JsonNode api = this.http.get("/v3/api-docs").json();

		assertThat(api.path("openapi").asString()).startsWith("3.");
		assertThat(api.path("paths").has("/api/v1/conversations/{conversationId}/messages")).isTrue();
		assertThat(api.path("paths").has("/v1/chat/completions")).isTrue();
	}

}
