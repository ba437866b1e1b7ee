package dev.tessera.server.handoff;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.testing.PostgresTestDatabase;
import dev.tessera.server.Http;
import dev.tessera.server.TesseraServerApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-off API on the {@code postgres} profile against a real PostgreSQL.
 */
class PostgresHandoffApiTest {

	@Test
	void a_hand_off_goes_through_its_states_in_postgresql() {
		PostgresTestDatabase.Settings db = PostgresTestDatabase.freshSchema();
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(TesseraServerApplication.class)
			.profiles("postgres")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(),
					"--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
					"--tessera.data-dir=./target/test-data/postgres-handoff-" + UUID.randomUUID())) {
			Http http = new Http(((WebServerApplicationContext) context).getWebServer().getPort());

			String id = HandoffFlow.run(http, "sam@example.org");

			JdbcClient jdbc = JdbcClient.create(db.dataSource());
			assertThat(jdbc.sql("SELECT state, assignee FROM " + db.schema() + ".tessera_handoff WHERE id = ?")
				.param(id)
				.query((rs, row) -> rs.getString(1) + "/" + rs.getString(2))
				.single()).isEqualTo("RESOLVED/ana");
			assertThat(jdbc.sql("SELECT count(*) FROM " + db.schema() + ".tessera_message m JOIN " + db.schema()
					+ ".tessera_handoff h ON h.conversation_id = m.conversation_id WHERE h.id = ? AND m.role = 'AGENT'")
				.param(id)
				.query(Integer.class)
				.single()).isEqualTo(1);
			// claim, reply and resolve are in the audit chain, which PostgreSQL verifies intact
			assertThat(jdbc.sql("SELECT action FROM " + db.schema() + ".tessera_audit_admin_action WHERE target = ?"
					+ " ORDER BY seq")
				.param("handoff/" + id)
				.query(String.class)
				.list()).containsExactly("handoff.claim", "handoff.reply", "handoff.resolve");
			assertThat(http.get("/api/v1/audit/verify").json().path("valid").asBoolean()).isTrue();
		}
	}

}
