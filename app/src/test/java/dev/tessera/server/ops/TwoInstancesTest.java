package dev.tessera.server.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
 * Two servers on one PostgreSQL (the postgres profile), as behind a load balancer: a conversation continues on
 * whichever gets the next message, the audit chain stays one valid chain under concurrent turns on both, and the
 * sign-in throttle and an API key's rate hold across both (their token buckets are in the database).
 */
class TwoInstancesTest {

	@Test
	void two_servers_share_conversations_one_audit_chain_and_their_limits() throws Exception {
		PostgresTestDatabase.Settings db = PostgresTestDatabase.freshSchema();
		try (ConfigurableApplicationContext a = start(db); ConfigurableApplicationContext b = start(db)) {
			Http adminA = new Http(port(a));
			Http adminB = new Http(port(b));
			String secret = adminA.postJson("/api/v1/admin/api-keys", "{\"name\": \"two instances\"}")
				.json()
				.path("secret")
				.asString();
			Http keyA = adminA.withApiKey(secret);
			Http keyB = adminB.withApiKey(secret);

			// a conversation started on one continues on the other
			String conversation = keyA.startConversation("ecommerce-support");
			assertThat(keyA.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"Do you ship abroad?\"}").status()).isEqualTo(200);
			assertThat(keyB.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"How long do refunds take?\"}").status()).isEqualTo(200);
			assertThat(keyB.get("/api/v1/conversations/" + conversation).json().path("messages").size()).isEqualTo(4);

			// concurrent turns on both: one audit chain, valid
			List<Future<Http.Response>> turns = new ArrayList<>();
			try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
				for (int i = 0; i < 16; i++) {
					Http via = i % 2 == 0 ? adminA : adminB;
					turns.add(threads.submit(() -> {
						String own = via.startConversation("ecommerce-support");
						return via.postJson("/api/v1/conversations/" + own + "/messages",
								"{\"message\": \"Can I change my delivery address?\"}");
					}));
				}
			}
			for (Future<Http.Response> turn : turns) {
				assertThat(turn.get().status()).as(turn.get().body()).isEqualTo(200);
			}
			assertThat(adminB.get("/api/v1/audit/verify").json().path("valid").asBoolean()).isTrue();
			assertThat(adminA.get("/api/v1/audit/verify").json().path("records").asLong())
				.isGreaterThanOrEqualTo(18);

			// an API key's rate holds across both: its bucket is one row in the database
			List<Integer> statuses = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				Http via = i % 2 == 0 ? keyA : keyB;
				statuses.add(via.postJson("/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"Do you ship abroad?\"}").status());
			}
			assertThat(statuses).contains(429);
			assertThat(JdbcClient.create(db.dataSource())
				.sql("SELECT count(*) FROM " + db.schema() + ".tessera_token_bucket WHERE bucket_key LIKE 'api-key:%'")
				.query(Integer.class)
				.single()).isEqualTo(1);

			// failed sign-ins count on both: five allowed (three on one, two on the other, so neither alone has seen
			// five), then even the right password waits, on either
			for (int i = 0; i < 5; i++) {
				Http via = i < 3 ? adminA : adminB;
				assertThat(via.as(Http.ADMIN_USER, "wrong-password-" + i).get("/api/v1/me").status()).isEqualTo(401);
			}
			Http.Response throttled = adminA.get("/api/v1/me");
			assertThat(throttled.status()).as(throttled.body()).isEqualTo(429);
			assertThat(adminB.get("/api/v1/me").status()).isEqualTo(429);
		}
	}

	private static ConfigurableApplicationContext start(PostgresTestDatabase.Settings db) {
		return new SpringApplicationBuilder(TesseraServerApplication.class).profiles("postgres")
			.run("--server.port=0", "--spring.datasource.url=" + db.url(), "--spring.datasource.username=" + db.user(),
					"--spring.datasource.password=" + db.password(), "--tessera.api.turns.per-key-per-second=2",
					"--tessera.data-dir=./target/test-data/two-instances-" + UUID.randomUUID());
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

}
