package dev.tessera.server.ops;

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
 * The server on the {@code postgres} profile against a real PostgreSQL with pgvector.
 */
class PostgresProfileTest {

	@Test
	void serves_chat_and_keeps_its_data_in_postgresql() throws Exception {
		PostgresTestDatabase.Settings db = PostgresTestDatabase.freshSchema();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TesseraServerApplication.class)
			.profiles("postgres")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
					"--tessera.data-dir=./target/test-data/postgres-" + UUID.randomUUID())) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());

			String conversation = http.startConversation("ecommerce-support");
			JsonNode reply = http.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"How long do refunds take?\"}").json();

			assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
			JsonNode health = http.get("/actuator/health").json();
			assertThat(health.path("components").path("db").path("details").path("database").asString())
				.isEqualTo("PostgreSQL");
			JdbcClient jdbc = JdbcClient.create(db.dataSource());
			assertThat(jdbc.sql("SELECT count(*) FROM " + db.schema() + ".tessera_audit_record WHERE turn_id = ?")
				.param(reply.path("turnId").asString())
				.query(Integer.class)
				.single()).isEqualTo(1);
			assertThat(jdbc.sql("SELECT count(*) FROM " + db.schema() + ".tessera_message WHERE conversation_id = ?")
				.param(conversation)
				.query(Integer.class)
				.single()).isEqualTo(2);

			// messages sent at once to one conversation are all kept, each turn's two in a row
			java.util.List<java.util.concurrent.Future<Http.Response>> replies = new java.util.ArrayList<>();
			try (var threads = java.util.concurrent.Executors.newFixedThreadPool(6)) {
				for (int i = 0; i < 6; i++) {
					replies.add(threads.submit(() -> http.postJson("/api/v1/conversations/" + conversation + "/messages",
							"{\"message\": \"Do you ship abroad?\"}")));
				}
			}
			for (var sent : replies) {
				assertThat(sent.get().status()).as(sent.get().body()).isEqualTo(200);
			}
			assertThat(jdbc.sql("SELECT count(DISTINCT turn_id) FROM " + db.schema()
					+ ".tessera_message WHERE conversation_id = ? AND MOD(seq, 2) = 1")
				.param(conversation)
				.query(Integer.class)
				.single()).isEqualTo(7);
		}
	}

}
