package dev.tessera.server.contracts;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.testing.PostgresTestDatabase;
import dev.tessera.server.Http;
import dev.tessera.server.TesseraServerApplication;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The contract review workflow on the {@code postgres} profile against a real PostgreSQL: upload, analysis,
 * decision, and the rows and audit records it leaves.
 */
class PostgresContractReviewApiTest {

	@Test
	void a_contract_is_analysed_and_decided_in_postgresql() throws Exception {
		PostgresTestDatabase.Settings db = PostgresTestDatabase.freshSchema();
		// a review left queued by a server that stopped before analysing it
		javax.sql.DataSource before = db.dataSource();
		new dev.tessera.core.persistence.TesseraSchema(before,
				java.util.List.of(dev.tessera.domains.contract.review.ContractReviewAutoConfiguration.SCHEMA)).migrate();
		String leftQueued = new dev.tessera.domains.contract.review.JdbcContractReviews(JdbcClient.create(before),
				java.time.Clock.systemUTC())
			.submit(new dev.tessera.domains.contract.review.ContractReviews.NewReview("default", "left.md", "Left",
					"text/markdown", "ab".repeat(32), ContractReviewApiTest.CONTRACT, "admin"))
			.id();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TesseraServerApplication.class)
			.profiles("postgres")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
					"--tessera.data-dir=./target/test-data/postgres-contracts-" + UUID.randomUUID())) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			assertThat(await(http, leftQueued).path("overallRisk").asString())
				.as("a review left queued is analysed at start")
				.isEqualTo("HIGH");

			Http.Response accepted = http.upload("/api/v1/contract-reviews", Map.of("supply.md",
					ContractReviewApiTest.CONTRACT.getBytes(StandardCharsets.UTF_8)));
			assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
			String id = accepted.json().path("id").asString();
			JsonNode review = await(http, id);
			assertThat(review.path("overallRisk").asString()).isEqualTo("HIGH");
			assertThat(review.path("report").path("missing").get(0).path("clauseType").asString())
				.isEqualTo("confidentiality");
			assertThat(http.postJson("/api/v1/contract-reviews/" + id + "/decision",
					"{\"decision\": \"APPROVED\", \"comment\": \"accepted with the risks noted\"}").status())
				.isEqualTo(200);
			assertThat(http.postJson("/api/v1/contract-reviews/" + id + "/decision", "{\"decision\": \"APPROVED\"}")
				.status()).isEqualTo(409);

			JdbcClient jdbc = JdbcClient.create(db.dataSource());
			assertThat(jdbc.sql("SELECT state || '/' || overall_risk || '/' || decided_by FROM " + db.schema()
					+ ".tessera_contract_review WHERE id = ?")
				.param(id)
				.query(String.class)
				.single()).isEqualTo("APPROVED/HIGH/admin");
			assertThat(jdbc.sql("SELECT action FROM " + db.schema() + ".tessera_audit_admin_action WHERE target = ?"
					+ " ORDER BY seq")
				.param("contract-review/" + id)
				.query(String.class)
				.list()).containsExactly("contract-review.upload", "contract-review.analyse", "contract-review.decide");
			assertThat(jdbc.sql("SELECT actor || ' ' || after_state FROM " + db.schema()
					+ ".tessera_audit_admin_action WHERE target = ? AND action = 'contract-review.analyse'")
				.param("contract-review/" + id)
				.query(String.class)
				.single()).startsWith("contract-review {\"state\":\"ANALYSED\",\"overallRisk\":\"HIGH\"");
			assertThat(http.get("/api/v1/audit/verify").json().path("valid").asBoolean()).isTrue();
		}
	}

	private static JsonNode await(Http http, String id) throws InterruptedException {
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			JsonNode review = http.get("/api/v1/contract-reviews/" + id).json();
			if (!review.path("state").asString().equals("QUEUED")) {
				assertThat(review.path("state").asString()).as(review.path("error").asString()).isEqualTo("ANALYSED");
				return review;
			}
			Thread.sleep(50);
		}
		throw new AssertionError("the analysis did not finish");
	}

}
