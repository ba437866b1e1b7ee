package dev.tessera.server.ops;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.testing.PostgresTestDatabase;
import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two server processes on one PostgreSQL behind a real nginx running the shipped {@code deploy/nginx/tessera.conf},
 * every request sent through it (round robin): conversations continue on either server, the audit chain stays one
 * valid chain, an API key's rate and the sign-in throttle hold across both, escalation budgets, webhook deliveries
 * and ingestion jobs are taken once, an assistant edit and a head retrained on one server are in force on the other,
 * and client addresses come from the trusted proxy only; with one server killed the other takes every request, and
 * with none left nginx answers with problem details. Measures the throughput of one server and of two behind
 * nginx and writes {@code target/reports/two-instances.md}.
 */
class BehindNginxTest {

	static final WireMockServer largeModel = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final WireMockServer receiver = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final String ESCALATING = "Do you sell gift wrapping for birthdays?";

	static final String LOCAL = "How long does standard delivery take?";

	static final int BUDGET = 3;

	@BeforeAll
	static void startFakes() {
		largeModel.start();
		largeModel.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(FakeLargeModel.completion("Yes, we wrap gifts for 3 EUR.")));
		receiver.start();
		receiver.stubFor(post(urlEqualTo("/hooks")).willReturn(aResponse().withStatus(200)));
	}

	@AfterAll
	static void stopFakes() {
		largeModel.stop();
		receiver.stop();
	}

	@Test
	void two_servers_behind_nginx_share_everything_a_request_needs() throws Exception {
		PostgresTestDatabase.Settings db = PostgresTestDatabase.freshSchema();
		Path work = Path.of("target", "test-data", "behind-nginx-" + UUID.randomUUID());
		String[] settings = { "--spring.profiles.active=postgres", "--spring.datasource.url=" + db.url(),
				"--spring.datasource.username=" + db.user(), "--spring.datasource.password=" + db.password(),
				// nginx runs on 127.0.0.1; the test's clients come from 127.0.0.2 and 127.0.0.3
				"--server.tomcat.remoteip.internal-proxies=127.0.0.1/32", "--tessera.security.anonymous-chat=true",
				"--tessera.api.turns.per-key-per-second=5", "--tessera.escalation.provider=openai",
				"--tessera.escalation.openai.base-url=http://localhost:" + largeModel.port() + "/v1",
				"--tessera.escalation.openai.model=big-model",
				"--tessera.escalation.budget.max-escalations=" + BUDGET,
				"--tessera.webhooks.endpoints[0].name=helpdesk",
				"--tessera.webhooks.endpoints[0].url=http://localhost:" + receiver.port() + "/hooks",
				"--tessera.webhooks.endpoints[0].secret=nginx-test-secret",
				"--tessera.webhooks.endpoints[0].events=handoff.queued", "--tessera.webhooks.poll-interval=200ms" };
		try (ServerProcess a = ServerProcess.start(work.resolve("a"), settings);
				ServerProcess b = ServerProcess.start(work.resolve("b"), settings);
				NginxProcess nginx = NginxProcess.start(work.resolve("nginx"), List.of(a.port(), b.port()))) {
			assertThat(b.log()).as("the second server took the first one's published heads instead of training")
				.doesNotContain("Trained task head");
			Http proxy = new Http(nginx.port());
			Http direct = new Http(a.port());
			Http other = new Http(b.port());
			JdbcClient database = JdbcClient.create(db.dataSource());
			String schema = db.schema();

			// requests spread over both servers, and a conversation continues on whichever gets the next message
			String conversation = proxy.startConversation("ecommerce-support");
			Set<String> upstreams = new HashSet<>();
			for (int i = 0; i < 4; i++) {
				Http.Response turn = proxy.postJson("/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"" + LOCAL + "\"}");
				assertThat(turn.status()).as(turn.body()).isEqualTo(200);
				upstreams.add(turn.raw().headers().firstValue("X-Upstream").orElseThrow());
			}
			assertThat(upstreams).containsExactlyInAnyOrder("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port());
			assertThat(direct.get("/api/v1/conversations/" + conversation).json().path("messages").size()).isEqualTo(8);

			// concurrent turns through nginx: one audit chain, valid
			List<Future<Http.Response>> turns = new ArrayList<>();
			try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
				for (int i = 0; i < 24; i++) {
					turns.add(threads.submit(() -> {
						String own = proxy.startConversation("ecommerce-support");
						return proxy.postJson("/api/v1/conversations/" + own + "/messages",
								"{\"message\": \"Can I change my delivery address?\"}");
					}));
				}
			}
			for (Future<Http.Response> turn : turns) {
				assertThat(turn.get().status()).as(turn.get().body()).isEqualTo(200);
			}
			Http.Response verified = other.get("/api/v1/audit/verify");
			assertThat(verified.json().path("valid").asBoolean()).as(verified.body()).isTrue();

			// an API key's rate holds across both servers
			String secret = proxy.postJson("/api/v1/admin/api-keys", "{\"name\": \"behind nginx\"}")
				.json()
				.path("secret")
				.asString();
			Http key = proxy.anonymous().withApiKey(secret);
			List<Future<Http.Response>> burst = new ArrayList<>();
			long burstStarted = System.nanoTime();
			try (ExecutorService threads = Executors.newFixedThreadPool(12)) {
				for (int i = 0; i < 12; i++) {
					burst.add(threads.submit(() -> key.postJson("/api/v1/conversations/" + conversation + "/messages",
							"{\"message\": \"" + LOCAL + "\"}")));
				}
			}
			double burstSeconds = (System.nanoTime() - burstStarted) / 1e9;
			long accepted = 0;
			for (Future<Http.Response> turn : burst) {
				if (turn.get().status() == 429) {
					assertThat(turn.get().raw().headers().firstValue("Retry-After")).isPresent();
				}
				else {
					assertThat(turn.get().status()).as(turn.get().body()).isEqualTo(200);
					accepted++;
				}
			}
			// one bucket of 5 refilled at 5 a second: a bucket per server would let twice as many through
			assertThat(accepted).as("accepted of 12 in %.2f s", burstSeconds)
				.isLessThanOrEqualTo(5 + (long) Math.ceil(5 * burstSeconds));

			// the escalation budget is spent once: 8 escalating turns at once through nginx, 3 calls to the large model
			List<Future<Http.Response>> escalating = new ArrayList<>();
			try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
				for (int i = 0; i < 8; i++) {
					escalating.add(threads.submit(() -> {
						String own = proxy.startConversation("ecommerce-support");
						return proxy.postJson("/api/v1/conversations/" + own + "/messages",
								"{\"message\": \"" + ESCALATING + "\"}");
					}));
				}
			}
			for (Future<Http.Response> turn : escalating) {
				assertThat(turn.get().status()).as(turn.get().body()).isEqualTo(200);
			}
			assertThat(largeModel.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(BUDGET);
			assertThat(database.sql("SELECT SUM(escalations) FROM " + schema + ".tessera_escalation_budget")
				.query(Integer.class)
				.single()).isEqualTo(BUDGET);

			// each webhook is delivered once, by one of the two servers
			for (int i = 0; i < 4; i++) {
				String own = proxy.startConversation("ecommerce-support");
				assertThat(proxy.postJson("/api/v1/conversations/" + own + "/messages",
						"{\"message\": \"I want to talk to a person please\"}").json().path("route").asString())
					.isEqualTo("HANDOFF_HUMAN");
			}
			int queued = database.sql("SELECT count(*) FROM " + schema + ".tessera_webhook_delivery")
				.query(Integer.class)
				.single();
			assertThat(queued).isGreaterThanOrEqualTo(4);
			List<LoggedRequest> deliveries = WebhookReceiver.await(receiver, queued, Duration.ofSeconds(30));
			Thread.sleep(1_000); // a second copy, were one sent, would arrive within this
			deliveries = receiver.findAll(postRequestedFor(urlEqualTo("/hooks")));
			Set<String> ids = new HashSet<>();
			deliveries.forEach(request -> ids.add(request.getHeader("X-Tessera-Delivery")));
			assertThat(deliveries).hasSize(queued);
			assertThat(ids).hasSize(queued);

			// an upload through nginx is one job, readable on either server, its documents searchable on both
			Http.Response upload = proxy.upload("/api/v1/collections/ecommerce-support/documents",
					Map.of("gift-wrapping.md", "# Gift wrapping\n\nWe wrap any order as a gift for 3 EUR.\n"
						.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
			assertThat(upload.status()).as(upload.body()).isEqualTo(202);
			String job = upload.json().path("id").asString();
			String state = "";
			long deadline = System.nanoTime() + 60_000_000_000L;
			while (!"COMPLETED".equals(state) && System.nanoTime() < deadline) {
				state = other.get("/api/v1/ingestion-jobs/" + job).json().path("state").asString();
				assertThat(state).isNotEqualTo("FAILED");
				Thread.sleep(100);
			}
			assertThat(direct.get("/api/v1/ingestion-jobs/" + job).json().path("state").asString())
				.isEqualTo("COMPLETED");
			assertThat(database.sql("SELECT count(*) FROM " + schema + ".tessera_ingestion_job WHERE id = ?")
				.param(job)
				.query(Integer.class)
				.single()).isEqualTo(1);

			// an assistant edit on one server is in force on the other within its refresh interval
			String yaml = direct.get("/api/v1/admin/assistants/ecommerce-support", "application/yaml").body();
			assertThat(yaml).contains("description:");
			String edited = yaml.replaceFirst("(?m)^description:.*$", "description: \"Edited behind nginx\"");
			Http.Response edit = direct.put("/api/v1/admin/assistants/ecommerce-support", "application/yaml", edited);
			assertThat(edit.status()).as(edit.body()).isEqualTo(200);
			int version = edit.json().path("version").path("version").asInt();
			long seen = awaitOn(other, "/api/v1/admin/assistants/ecommerce-support", "activeVersion", version);
			assertThat(seen).as("ms until the other server served the edit").isLessThan(5_000);
			assertThat(other.get("/api/v1/admin/assistants/ecommerce-support").json().path("description").asString())
				.isEqualTo("Edited behind nginx");

			// a head retrained on one server is the one the other serves
			String head = direct.get("/api/v1/assistants/ecommerce-support/heads").json().get(0).path("name").asString();
			Http.Response retrained = direct.put("/api/v1/assistants/ecommerce-support/heads/" + head, "text/csv",
					"""
							text,label
							where is my parcel,tracking
							has my order shipped yet,tracking
							track my delivery please,tracking
							when will the package arrive,tracking
							I want my money back,refund
							how do I get a refund,refund
							refund my order please,refund
							can I return this for a refund,refund
							""");
			assertThat(retrained.status()).as(retrained.body()).isEqualTo(200);
			int headVersion = retrained.json().path("version").asInt();
			long headSeen = awaitOn(other, "/api/v1/assistants/ecommerce-support/heads/" + head, "version",
					headVersion);
			assertThat(headSeen).as("ms until the other server served the head").isLessThan(5_000);
			String prediction = "{\"text\": \"I would like my money back for the shoes\"}";
			assertThat(other.postJson("/api/v1/assistants/ecommerce-support/heads/" + head + "/predictions", prediction)
				.json()
				.path("label")
				.asString()).isEqualTo("refund");

			// client addresses: the servers see 127.0.0.2 and 127.0.0.3 behind nginx, not nginx's 127.0.0.1
			Http fromTwo = proxy.from(InetAddress.getByName("127.0.0.2"));
			Http fromThree = proxy.from(InetAddress.getByName("127.0.0.3"));
			int refusedFromTwo = 0;
			for (int i = 0; i < 24; i++) {
				// a different unknown user each time: only the address bucket fills
				Http.Response wrong = fromTwo.as("nobody-" + i, "wrong").get("/api/v1/me");
				refusedFromTwo += wrong.status() == 429 ? 1 : 0;
				assertThat(wrong.status()).isIn(401, 429);
			}
			assertThat(refusedFromTwo).as("127.0.0.2 is throttled after its failures").isGreaterThan(0);
			assertThat(fromTwo.get("/api/v1/me").status()).as("even the right password, from 127.0.0.2")
				.isEqualTo(429);
			assertThat(fromThree.get("/api/v1/me").status()).as("127.0.0.3 is someone else").isEqualTo(200);
			// a forwarded header from the client itself is not believed: nginx appends the real address
			assertThat(fromThree.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(fromThree.base() + "/api/v1/me"))
				.header("X-Forwarded-For", "127.0.0.2")).status()).isEqualTo(200);
			// and nobody but the trusted proxy can claim an address: 127.0.0.2 sending straight to a server
			Http straightFromTwo = direct.from(InetAddress.getByName("127.0.0.2"));
			assertThat(straightFromTwo.send(java.net.http.HttpRequest
				.newBuilder(java.net.URI.create(straightFromTwo.base() + "/api/v1/me"))
				.header("X-Forwarded-For", "127.0.0.9")).status()).isEqualTo(429);

			Http.Response finalCheck = direct.get("/api/v1/audit/verify");
			assertThat(finalCheck.json().path("valid").asBoolean()).as(finalCheck.body()).isTrue();

			// throughput: one server on its own, then both behind nginx (on 2 cores two are not expected to be faster)
			Http anonymousDirect = direct.anonymous();
			Http anonymousProxy = proxy.anonymous();
			Load one = closedLoop(anonymousDirect, 16, Duration.ofSeconds(3), Duration.ofSeconds(10));
			Load two = closedLoop(anonymousProxy, 16, Duration.ofSeconds(3), Duration.ofSeconds(10));
			assertThat(one.ok()).isGreaterThan(0);
			assertThat(two.ok()).isGreaterThan(0);
			assertThat(one.errors() + two.errors()).as("every turn answered 200").isZero();
			report(one, two, seen, headSeen);

			// one server gone: nginx sends the next requests to the other, none fails
			a.kill();
			for (int i = 0; i < 6; i++) {
				Http.Response turn = proxy.postJson("/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"" + LOCAL + "\"}");
				assertThat(turn.status()).as(turn.body()).isEqualTo(200);
				assertThat(turn.raw().headers().firstValue("X-Upstream").orElseThrow()).endsWith(":" + b.port());
			}
			// none left: problem details with Retry-After from nginx itself, not its HTML error page
			b.kill();
			Http.Response none = proxy.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"" + LOCAL + "\"}");
			assertThat(none.status()).isEqualTo(503);
			assertThat(none.contentType()).startsWith("application/problem+json");
			assertThat(none.raw().headers().firstValue("Retry-After")).hasValue("5");
			assertThat(none.json().path("status").asInt()).isEqualTo(503);
			assertThat(none.json().path("type").asString()).isEqualTo("https://tessera.dev/problems/unavailable");
		}
	}

	record Load(long ok, long errors, double seconds, List<Long> micros) {

		double perSecond() {
			return this.ok / this.seconds;
		}

		double percentileMillis(double p) {
			List<Long> sorted = new ArrayList<>(this.micros);
			sorted.sort(null);
			return sorted.isEmpty() ? Double.NaN
					: sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1)) / 1000.0;
		}

	}

	/** Closed loop: each client sends its next message when the last is answered; counted after the warm-up. */
	private static Load closedLoop(Http http, int clients, Duration warmUp, Duration measured) throws Exception {
		AtomicBoolean counting = new AtomicBoolean(false);
		AtomicBoolean running = new AtomicBoolean(true);
		AtomicLong ok = new AtomicLong();
		AtomicLong errors = new AtomicLong();
		List<Long> micros = java.util.Collections.synchronizedList(new ArrayList<>());
		try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
			for (int c = 0; c < clients; c++) {
				threads.submit(() -> {
					String conversation = http.startConversation("ecommerce-support");
					while (running.get()) {
						long started = System.nanoTime();
						int status = http.postJson("/api/v1/conversations/" + conversation + "/messages",
								"{\"message\": \"" + LOCAL + "\"}").status();
						if (counting.get()) {
							if (status == 200) {
								ok.incrementAndGet();
								micros.add((System.nanoTime() - started) / 1000);
							}
							else {
								errors.incrementAndGet();
							}
						}
					}
					return null;
				});
			}
			Thread.sleep(warmUp.toMillis());
			counting.set(true);
			long start = System.nanoTime();
			Thread.sleep(measured.toMillis());
			counting.set(false);
			double seconds = (System.nanoTime() - start) / 1e9;
			running.set(false);
			return new Load(ok.get(), errors.get(), seconds, micros);
		}
	}

	private static long awaitOn(Http http, String path, String field, int expected) throws InterruptedException {
		long started = System.nanoTime();
		long deadline = started + 20_000_000_000L;
		while (System.nanoTime() < deadline) {
			if (http.get(path).json().path(field).asInt() == expected) {
				return (System.nanoTime() - started) / 1_000_000;
			}
			Thread.sleep(50);
		}
		throw new AssertionError(path + " never showed " + field + " = " + expected);
	}

	private static void report(Load one, Load two, long editMillis, long headMillis) throws IOException {
		Path reports = Files.createDirectories(Path.of("target", "reports"));
		Map<String, Load> rows = new java.util.LinkedHashMap<>();
		rows.put("one server, direct", one);
		rows.put("two servers behind nginx", two);
		StringBuilder text = new StringBuilder("""
				# Two servers on one PostgreSQL behind nginx

				16 closed-loop chat clients on this machine (the clients, nginx, both servers and PostgreSQL share its
				cores), a local turn to ecommerce-support, 3 s warm-up, 10 s measured.

				| setup | turns/s | p50 ms | p99 ms | errors |
				|---|---:|---:|---:|---:|
				""");
		rows.forEach((name, load) -> text.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %d |%n", name,
				load.perSecond(), load.percentileMillis(0.50), load.percentileMillis(0.99), load.errors())));
		text.append(String.format(Locale.ROOT, "%nAn assistant edit on one server was served by the other after %d ms;"
				+ " a retrained head after %d ms (refresh interval 2 s).%n", editMillis, headMillis));
		Files.writeString(reports.resolve("two-instances.md"), text);
		System.out.println(text);
	}

}
