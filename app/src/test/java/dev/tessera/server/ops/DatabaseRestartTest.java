package dev.tessera.server.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.tessera.retrieval.testing.OwnedPostgres;
import dev.tessera.server.Http;
import dev.tessera.server.TesseraServerApplication;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos: the server on the {@code postgres} profile under four chat clients while its PostgreSQL (a process this test
 * owns) is stopped for ten seconds and started again. Every turn acknowledged with 200 is afterwards in the
 * conversation store and in the audit chain, which verifies clean; turns during the outage get 503 problem details
 * with {@code Retry-After}, never a 500 or a hang; the server serves again within 5 s of the database being back; the
 * health endpoint says DOWN and then UP. The figures go to {@code target/reports/chaos-database-restart.md}.
 */
class DatabaseRestartTest {

	private static final int CLIENTS = 4;

	private static final Duration OUTAGE = Duration.ofSeconds(10);

	/** Longest a request may take, outage or not: the pool's wait for a connection plus a margin. */
	private static final Duration NO_HANG = Duration.ofSeconds(8);

	private static final String[] QUESTIONS = { "How long do refunds take?", "Do you ship to Canada?",
			"Can I change my delivery address?", "What is your return policy for shoes?",
			"How do I reset my password?", "Is there a warranty on headphones?" };

	@Test
	void acknowledged_turns_survive_a_database_restart_and_the_outage_is_503() throws Exception {
		try (OwnedPostgres db = OwnedPostgres.start("tessera");
				ConfigurableApplicationContext context = new SpringApplicationBuilder(TesseraServerApplication.class)
					.profiles("postgres")
					.run("--server.port=0", "--spring.datasource.url=" + db.jdbcUrl("tessera"),
							"--spring.datasource.username=postgres", "--spring.datasource.password=",
							"--tessera.data-dir=./target/test-data/db-restart-" + UUID.randomUUID())) {
			Http admin = new Http(((WebServerApplicationContext) context).getWebServer().getPort());
			Http.Response key = admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"chaos clients\"}");
			assertThat(key.status()).as(key.body()).isEqualTo(201);
			Http client = admin.withApiKey(key.json().path("secret").asString());
			List<String> conversations = new ArrayList<>();
			for (int i = 0; i < CLIENTS; i++) {
				conversations.add(client.startConversation("ecommerce-support"));
			}

			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			String secret = key.json().path("secret").asString();
			long start = System.nanoTime();
			AtomicBoolean running = new AtomicBoolean(true);
			List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
			List<Probe> health = Collections.synchronizedList(new ArrayList<>());
			ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
			List<Future<?>> work = new ArrayList<>();
			for (int c = 0; c < CLIENTS; c++) {
				String conversation = conversations.get(c);
				int clientNo = c;
				work.add(pool.submit(() -> {
					int n = 0;
					while (running.get()) {
						String message = QUESTIONS[(clientNo + n) % QUESTIONS.length] + " (" + clientNo + "-" + n + ")";
						outcomes.add(send(http, admin.base(), secret, conversation, message, start));
						n++;
					}
					return null;
				}));
			}
			work.add(pool.submit(() -> {
				while (running.get()) {
					health.add(probeHealth(http, admin.base(), start));
					Thread.sleep(250);
				}
				return null;
			}));

			Thread.sleep(3_000);
			double stoppedAt = seconds(start);
			db.stopServer();
			double downAt = seconds(start);
			Thread.sleep(OUTAGE.toMillis());
			db.startServer();
			double backAt = seconds(start);
			Thread.sleep(8_000);
			running.set(false);
			for (Future<?> future : work) {
				future.get();
			}
			pool.shutdown();

			List<Outcome> all = List.copyOf(outcomes);
			List<Outcome> acknowledged = all.stream().filter(o -> o.status() == 200).toList();
			List<Outcome> duringOutage = all.stream().filter(o -> o.end() > downAt && o.start() < backAt).toList();
			double recovered = acknowledged.stream()
				.filter(o -> o.start() >= backAt)
				.mapToDouble(Outcome::end)
				.min()
				.orElse(Double.NaN);
			double recovery = recovered - backAt;
			double slowest = all.stream().mapToDouble(o -> o.end() - o.start()).max().orElse(0);
			JsonNode verify = admin.get("/api/v1/audit/verify").json();
			List<Outcome> missing = missing(db.jdbcUrl("tessera"), acknowledged);
			boolean healthDown = health.stream().anyMatch(p -> p.at() > downAt && p.at() < backAt && p.status() == 503);
			boolean healthUpAfter = !health.isEmpty() && health.get(health.size() - 1).status() == 200;

			report(all, acknowledged, duringOutage, stoppedAt, downAt, backAt, recovery, slowest, missing.size(),
					verify, healthDown, healthUpAfter);

			assertThat(acknowledged).as("turns acknowledged before the outage").isNotEmpty();
			assertThat(all).as("every response during and around the outage is 200 or a 503 problem")
				.allSatisfy(o -> assertThat(o.status()).as(o.toString()).isIn(200, 503));
			assertThat(duringOutage).as("requests answered during the outage").isNotEmpty();
			assertThat(all.stream().filter(o -> o.status() == 503))
				.allSatisfy(o -> assertThat(o.problemWithRetryAfter()).as(o.toString()).isTrue());
			assertThat(slowest).as("slowest request, seconds (a hang is a defect)").isLessThan(NO_HANG.toSeconds());
			assertThat(recovery).as("seconds from the database being back to the first acknowledged turn")
				.isLessThanOrEqualTo(5.0);
			assertThat(missing).as("acknowledged turns missing from the store or the audit trail").isEmpty();
			assertThat(verify.path("valid").asBoolean()).as(verify.toString()).isTrue();
			assertThat(healthDown).as("health said DOWN during the outage: " + health).isTrue();
			assertThat(healthUpAfter).as("health says UP after: " + health).isTrue();
		}
	}

	private static Outcome send(HttpClient http, String base, String secret, String conversation, String message,
			long origin) {
		double begin = seconds(origin);
		HttpRequest request = HttpRequest
			.newBuilder(URI.create(base + "/api/v1/conversations/" + conversation + "/messages"))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + secret)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(Http.JSON.writeValueAsString(java.util.Map.of("message", message))))
			.build();
		try {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			String turnId = response.statusCode() == 200 ? Http.JSON.readTree(response.body()).path("turnId").asString()
					: null;
			boolean problem = contentType.startsWith("application/problem+json")
					&& response.headers().firstValue("Retry-After").isPresent()
					&& !response.body().contains("Exception");
			return new Outcome(begin, seconds(origin), response.statusCode(), problem, conversation, turnId,
					response.statusCode() == 200 ? "" : abbreviate(response.body()));
		}
		catch (IOException ex) {
			return new Outcome(begin, seconds(origin), -1, false, conversation, null, ex.toString());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Outcome(begin, seconds(origin), -1, false, conversation, null, "interrupted");
		}
	}

	private static Probe probeHealth(HttpClient http, String base, long origin) {
		try {
			HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health"))
				.timeout(Duration.ofSeconds(10))
				.build(), HttpResponse.BodyHandlers.discarding());
			return new Probe(seconds(origin), response.statusCode());
		}
		catch (IOException | InterruptedException ex) {
			return new Probe(seconds(origin), -1);
		}
	}

	/** Acknowledged turns whose audit record or reply message is not in the database. */
	private static List<Outcome> missing(String url, List<Outcome> acknowledged) throws SQLException {
		List<Outcome> missing = new ArrayList<>();
		try (Connection connection = DriverManager.getConnection(url, "postgres", "");
				PreparedStatement audit = connection
					.prepareStatement("SELECT count(*) FROM tessera_audit_record WHERE turn_id = ?");
				PreparedStatement messages = connection
					.prepareStatement("SELECT count(*) FROM tessera_message WHERE conversation_id = ?")) {
			for (Outcome outcome : acknowledged) {
				audit.setString(1, outcome.turnId());
				if (count(audit) != 1) {
					missing.add(outcome);
				}
			}
			for (String conversation : acknowledged.stream().map(Outcome::conversation).distinct().toList()) {
				messages.setString(1, conversation);
				long turns = acknowledged.stream().filter(o -> o.conversation().equals(conversation)).count();
				// each acknowledged turn stored its message and its reply; refused turns may have stored neither
				if (count(messages) < 2 * turns) {
					missing.addAll(acknowledged.stream().filter(o -> o.conversation().equals(conversation)).toList());
				}
			}
		}
		return missing;
	}

	private static long count(PreparedStatement statement) throws SQLException {
		try (ResultSet rows = statement.executeQuery()) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void report(List<Outcome> all, List<Outcome> acknowledged, List<Outcome> duringOutage,
			double stoppedAt, double downAt, double backAt, double recovery, double slowest, int missing,
			JsonNode verify, boolean healthDown, boolean healthUpAfter) throws IOException {
		long errors5xx = all.stream().filter(o -> o.status() >= 500 && o.status() != 503).count();
		long unavailable = all.stream().filter(o -> o.status() == 503).count();
		long other = all.stream().filter(o -> o.status() != 200 && o.status() != 503).count();
		String text = String.format(Locale.ROOT, """
				## chaos: PostgreSQL restarted under %d chat clients

				The server on the `postgres` profile; its PostgreSQL (a process the test owns) stopped (`pg_ctl stop -m fast`) \
				%.1f s into the run, down at %.1f s, started again after %d s (accepting connections at %.1f s).

				| figure | value |
				|---|---:|
				| requests | %d |
				| acknowledged turns (200) | %d |
				| acknowledged turns missing from the store or the audit trail | %d |
				| audit chain after the run | %s (%d records) |
				| requests answered during the outage | %d |
				| 503 problem details with Retry-After | %d |
				| other statuses (500, timeouts) | %d (5xx other than 503: %d) |
				| slowest request | %.2f s |
				| first acknowledged turn after the database was back | %.2f s |
				| health DOWN during the outage, UP after | %s, %s |

				_From `DatabaseRestartTest` (app module)._
				""", CLIENTS, stoppedAt, downAt, OUTAGE.toSeconds(), backAt, all.size(), acknowledged.size(), missing,
				verify.path("valid").asBoolean() ? "valid" : "BROKEN", verify.path("records").asLong(),
				duringOutage.size(), unavailable, other, errors5xx, slowest, recovery, healthDown ? "yes" : "no",
				healthUpAfter ? "yes" : "no");
		Path reports = Path.of("target", "reports");
		Files.createDirectories(reports);
		Files.writeString(reports.resolve("chaos-database-restart.md"), text);
		System.out.println(text);
		all.stream()
			.filter(o -> o.status() != 200)
			.map(Outcome::detail)
			.distinct()
			.limit(10)
			.forEach(detail -> System.out.println("  non-200: " + detail));
	}

	private static String abbreviate(String body) {
		return body.length() > 300 ? body.substring(0, 300) + "…" : body;
	}

	private static double seconds(long origin) {
		return (System.nanoTime() - origin) / 1e9;
	}

	/** One chat request: when it started and ended (seconds from the run's start) and what came back. */
	record Outcome(double start, double end, int status, boolean problemWithRetryAfter, String conversation,
			String turnId, String detail) {
	}

	record Probe(double at, int status) {
	}

}
