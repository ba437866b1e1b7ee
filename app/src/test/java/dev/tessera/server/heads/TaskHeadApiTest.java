package dev.tessera.server.heads;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packs' heads over HTTP, and retraining without a restart. Runs on the int8 encoder to keep start-up short.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/heads-api", "tessera.inference.encoder.quantized=true",
				"tessera.heads.directory=./target/test-data/heads-api/heads-${random.uuid}" })
class TaskHeadApiTest {

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	private Http.Response put(String path, String contentType, String body) {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", contentType)
			.PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
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

	@Test
	void every_pack_serves_the_heads_trained_from_its_examples() {
		JsonNode intents = this.http.get("/api/v1/assistants/ecommerce-support/heads").json();
		assertThat(intents).hasSize(1);
		assertThat(intents.get(0).path("name").asString()).isEqualTo("intent");
		assertThat(intents.get(0).path("labels").toString()).contains("order_status", "talk_to_a_person")
			.doesNotContain("out_of_scope");
		assertThat(intents.get(0).path("trainingSha256").asString()).hasSize(64);
		assertThat(this.http.get("/api/v1/assistants/medical-triage/heads").json().get(0).path("name").asString())
			.isEqualTo("urgency");
		assertThat(this.http.get("/api/v1/assistants/contract-review/heads").json().get(0).path("name").asString())
			.isEqualTo("clause-type");

		JsonNode head = this.http.get("/api/v1/assistants/ecommerce-support/heads/intent").json();
		assertThat(head.path("evaluation").path("accuracy").asDouble()).isGreaterThan(0.5);
		assertThat(head.path("evaluation").path("calibration").asString()).isEqualTo("5-fold cross-fitting");

		JsonNode p = this.http
			.postJson("/api/v1/assistants/ecommerce-support/heads/intent/predictions",
					"{\"text\": \"I returned the boots last week, when do I get my money back?\"}")
			.json();
		assertThat(p.path("decision").asString()).isEqualTo("refunds");
		assertThat(p.path("ranking")).hasSize(5);
		JsonNode offTopic = this.http
			.postJson("/api/v1/assistants/ecommerce-support/heads/intent/predictions",
					"{\"text\": \"What is the population of Brazil?\"}")
			.json();
		assertThat(offTopic.path("outOfScope").asBoolean()).as(offTopic.toString()).isTrue();
		assertThat(offTopic.path("decision").isNull()).isTrue();
	}

	@Test
	void retraining_serves_the_new_version_at_once() {
		String csv = "text,label\n" + "good morning,greeting\nhello there,greeting\nhi,greeting\nhey how are you,greeting\n"
				+ "goodbye,farewell\nsee you later,farewell\nbye for now,farewell\ntalk to you tomorrow,farewell\n";
		JsonNode first = put("/api/v1/assistants/contract-review/heads/smalltalk", "text/csv", csv).json();
		assertThat(first.path("version").asInt()).isEqualTo(1);
		assertThat(first.path("labels").toString()).isEqualTo("[\"farewell\",\"greeting\"]");
		JsonNode second = put("/api/v1/assistants/contract-review/heads/smalltalk", "text/csv",
				csv + "thanks a lot,thanks\nthank you so much,thanks\nmany thanks,thanks\ncheers for that,thanks\n")
			.json();
		assertThat(second.path("version").asInt()).isEqualTo(2);
		assertThat(second.path("evaluation").path("trainingExamples").asInt()).isEqualTo(12);
		JsonNode p = this.http
			.postJson("/api/v1/assistants/contract-review/heads/smalltalk/predictions", "{\"text\": \"thank you\"}")
			.json();
		assertThat(p.path("version").asInt()).isEqualTo(2);
		assertThat(p.path("label").asString()).isEqualTo("thanks");

		// the audit trail names the retraining, from which version to which
		JsonNode recorded = this.http.get("/api/v1/audit?kind=admin&size=1").json().path("items").get(0);
		assertThat(recorded.path("action").asString()).isEqualTo("head.retrain");
		assertThat(recorded.path("target").asString()).isEqualTo("assistant/contract-review/heads/smalltalk");
		JsonNode detail = this.http.get("/api/v1/audit/" + recorded.path("id").asLong()).json();
		JsonNode before = Http.JSON.readTree(detail.path("before").asString());
		JsonNode after = Http.JSON.readTree(detail.path("after").asString());
		assertThat(before.path("version").asInt()).isEqualTo(1);
		assertThat(after.path("version").asInt()).isEqualTo(2);
		assertThat(after.path("trainingExamples").asInt()).isEqualTo(12);
		assertThat(after.path("trainingSha256").asString()).isEqualTo(second.path("trainingSha256").asString());
	}

	@Test
	void bad_training_data_and_unknown_heads_get_problem_details() {
		String path = "/api/v1/assistants/ecommerce-support/heads/intent";
		problem(put(path, "text/csv", "utterance,intent\nhi,greeting\n"), 400, "invalid-training-data",
				"has no column 'text'");
		problem(put(path, "text/csv", "text,label\nhi,greeting\nhello,\n"), 400, "invalid-training-data",
				"row 3: empty 'label'");
		problem(put(path, "text/csv", "text,label\n\"unclosed,greeting\n"), 400, "invalid-training-data",
				"not a valid CSV file");
		problem(put(path, "text/csv", "text,label\nhi,greeting\nhello,greeting\n"), 400, "invalid-training-data",
				"at least two labels");
		problem(put(path, "text/csv", ""), 400, "invalid-training-data", "body is empty");
		problem(put("/api/v1/assistants/ecommerce-support/heads/Bad..Name", "text/csv", "text,label\n"), 400,
				"bad-request", "head name");
		problem(this.http.get("/api/v1/assistants/ecommerce-support/heads/sentiment"), 404, "unknown-head",
				"no task head 'sentiment'");
		problem(this.http.get("/api/v1/assistants/astrology/heads"), 404, "unknown-assistant", "astrology");
		problem(this.http.postJson(path + "/predictions", "{\"text\": \"  \"}"), 400, "bad-request", "text is empty");
		// the failed uploads left the served head as it was
		assertThat(this.http.get(path).json().path("version").asInt()).isEqualTo(1);
	}

}
