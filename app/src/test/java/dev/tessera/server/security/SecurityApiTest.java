package dev.tessera.server.security;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.core.access.ApiKeys;
import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.Role;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who may call what, on the server as shipped for a shared deployment (no anonymous chat): every endpoint against
 * every caller, tenant isolation of keys, key scopes and revocation, sign-in throttling, headers and CSRF.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/security-api", "tessera.security.anonymous-chat=false",
				"tessera.security.login-throttle.max-failures=3" })
class SecurityApiTest {

	private static final String PASSWORD = "a-long-test-password";

	@LocalServerPort
	int port;

	@Autowired
	ApiKeys keys;

	@Autowired
	OperatorAccountService accounts;

	Http admin;

	@BeforeEach
	void operators() {
		this.admin = new Http(this.port);
		for (Role role : List.of(Role.REVIEWER, Role.AUDITOR)) {
			if (this.accounts.find(role.name().toLowerCase()).isEmpty()) {
				this.accounts.create(role.name().toLowerCase(), PASSWORD, EnumSet.of(role), "default");
			}
		}
	}

	private Http caller(String who) {
		return switch (who) {
			case "anonymous" -> this.admin.anonymous();
			case "chat" -> this.admin.withApiKey(this.keys.issue("default", "matrix", Set.of(), "test").secret());
			case "admin" -> this.admin;
			default -> this.admin.as(who, PASSWORD);
		};
	}

	/** One endpoint and the callers allowed to use it; everyone else gets 401 (anonymous) or 403. */
	record Endpoint(String method, String path, String body, Set<String> allowed) {
	}

	private static final Set<String> OPERATORS = Set.of("admin", "reviewer", "auditor");

	private List<Endpoint> endpoints(String conversation) {
		String json = "{}";
		return List.of(
				// chat
				new Endpoint("GET", "/api/v1/assistants", null, Set.of("chat", "admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/assistants/ecommerce-support/conversations", "", Set.of("chat", "admin")),
				new Endpoint("GET", "/api/v1/conversations/" + conversation, null,
						Set.of("chat", "admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"How long does delivery take?\"}", Set.of("chat", "admin")),
				new Endpoint("GET", "/v1/models", null, Set.of("chat", "admin", "reviewer", "auditor")),
				new Endpoint("POST", "/v1/chat/completions",
						"{\"model\": \"ecommerce-support\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
						Set.of("chat", "admin")),
				// hand-off queue
				new Endpoint("GET", "/api/v1/handoffs", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("GET", "/api/v1/handoffs/none", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/handoffs/none/claim", "{\"agent\": \"x\"}", Set.of("admin", "reviewer")),
				new Endpoint("POST", "/api/v1/handoffs/none/reply", "{\"agent\": \"x\", \"message\": \"m\"}",
						Set.of("admin", "reviewer")),
				new Endpoint("POST", "/api/v1/handoffs/none/resolve", "{\"agent\": \"x\", \"note\": \"n\"}",
						Set.of("admin", "reviewer")),
				// contract reviews
				new Endpoint("POST", "/api/v1/contract-reviews", "{}", Set.of("admin", "reviewer")),
				new Endpoint("GET", "/api/v1/contract-reviews", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("GET", "/api/v1/contract-reviews/none", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("GET", "/api/v1/contract-reviews/none/report", null,
						Set.of("admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/contract-reviews/none/decision", "{\"decision\": \"APPROVED\"}",
						Set.of("admin", "reviewer")),
				new Endpoint("POST", "/api/v1/contract-reviews/none/comments", "{\"text\": \"t\"}",
						Set.of("admin", "reviewer")),
				new Endpoint("POST", "/api/v1/contract-reviews/none/questions", "{\"question\": \"q\"}",
						Set.of("admin", "reviewer")),
				// knowledge
				new Endpoint("GET", "/api/v1/collections/ecommerce-support/documents", null,
						Set.of("admin", "reviewer", "auditor")),
				new Endpoint("GET", "/api/v1/collections/ecommerce-support/documents/none/chunks", null,
						Set.of("admin", "reviewer", "auditor")),
				new Endpoint("DELETE", "/api/v1/collections/ecommerce-support/documents/none", null, Set.of("admin")),
				new Endpoint("POST", "/api/v1/collections/ecommerce-support/search", "{\"query\": \"delivery\"}",
						Set.of("admin")),
				new Endpoint("POST", "/api/v1/collections/empty-" + UUID.randomUUID() + "/reindex", "",
						Set.of("admin")),
				new Endpoint("GET", "/api/v1/ingestion-jobs/none", null, Set.of("admin", "reviewer", "auditor")),
				// task heads
				new Endpoint("GET", "/api/v1/assistants/ecommerce-support/heads", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/assistants/ecommerce-support/heads/intent", null,
						Set.of("admin", "auditor")),
				new Endpoint("POST", "/api/v1/assistants/ecommerce-support/heads/intent/predictions",
						"{\"text\": \"where is my order\"}", Set.of("admin")),
				// learning from escalations
				new Endpoint("GET", "/api/v1/learning/candidates", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("GET", "/api/v1/learning/candidates/none", null, Set.of("admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/learning/candidates/none/review", "{\"decision\": \"REJECTED\"}",
						Set.of("admin", "reviewer")),
				new Endpoint("POST", "/api/v1/learning/candidates/none/knowledge", "{\"collection\": \"c\"}",
						Set.of("admin", "reviewer")),
				new Endpoint("GET", "/api/v1/learning/heads/ecommerce-support/intent/promotions", null,
						Set.of("admin", "reviewer", "auditor")),
				new Endpoint("POST", "/api/v1/learning/heads/nobody/intent/retrain", "", Set.of("admin")),
				new Endpoint("POST", "/api/v1/learning/heads/nobody/intent/rollback", "", Set.of("admin")),
				// the audit trail
				new Endpoint("GET", "/api/v1/audit", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/audit/1", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/audit/export?format=jsonl", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/audit/verify", null, Set.of("admin", "auditor")),
				// assistant definitions
				new Endpoint("GET", "/api/v1/admin/assistants", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/admin/assistants/ecommerce-support", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/admin/assistants/ecommerce-support/versions", null,
						Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/admin/assistants/ecommerce-support/diff?from=1&to=1", null,
						Set.of("admin", "auditor")),
				new Endpoint("PUT", "/api/v1/admin/assistants/nobody", "id: nobody", Set.of("admin")),
				new Endpoint("POST", "/api/v1/admin/assistants/nobody/rollback?to=1", "", Set.of("admin")),
				new Endpoint("POST", "/api/v1/admin/assistants/nobody/disable", "", Set.of("admin")),
				new Endpoint("POST", "/api/v1/admin/assistants/nobody/enable", "", Set.of("admin")),
				// webhooks
				new Endpoint("GET", "/api/v1/admin/webhooks/deliveries", null, Set.of("admin", "auditor")),
				new Endpoint("GET", "/api/v1/admin/webhooks/deliveries/none", null, Set.of("admin", "auditor")),
				new Endpoint("POST", "/api/v1/admin/webhooks/deliveries/none/retry", "", Set.of("admin")),
				// accounts and keys
				new Endpoint("GET", "/api/v1/me", null, OPERATORS_AND_CHAT),
				new Endpoint("GET", "/api/v1/admin/users", null, Set.of("admin", "auditor")),
				new Endpoint("POST", "/api/v1/admin/users", "{\"username\": \"\"}", Set.of("admin")),
				new Endpoint("PATCH", "/api/v1/admin/users/nobody", "{\"enabled\": true}", Set.of("admin")),
				new Endpoint("GET", "/api/v1/admin/api-keys", null, Set.of("admin", "auditor")),
				new Endpoint("POST", "/api/v1/admin/api-keys", "{\"name\": \"\"}", Set.of("admin")),
				new Endpoint("DELETE", "/api/v1/admin/api-keys/none", null, Set.of("admin")),
				// operations
				new Endpoint("GET", "/actuator/health", null, Set.of("anonymous", "chat", "admin", "reviewer", "auditor")),
				new Endpoint("GET", "/actuator/prometheus", null, Set.of("admin")),
				new Endpoint("GET", "/v3/api-docs", null, Set.of("anonymous", "chat", "admin", "reviewer", "auditor")));
	}

	private static final Set<String> OPERATORS_AND_CHAT = Set.of("chat", "admin", "reviewer", "auditor");

	@Test
	void every_endpoint_answers_every_caller_as_its_role_allows() {
		String conversation = this.admin.startConversation("ecommerce-support");
		Map<String, String> failures = new LinkedHashMap<>();
		for (String who : List.of("anonymous", "chat", "admin", "reviewer", "auditor")) {
			Http http = caller(who);
			for (Endpoint endpoint : endpoints(conversation)) {
				Http.Response response = send(http, endpoint);
				int status = response.status();
				boolean allowed = endpoint.allowed().contains(who);
				String expected = allowed ? "not 401/403" : (who.equals("anonymous") ? "401" : "403");
				boolean ok = allowed ? status != 401 && status != 403
						: status == (who.equals("anonymous") ? 401 : 403);
				if (!ok) {
					failures.put(who + " " + endpoint.method() + " " + endpoint.path(),
							"expected " + expected + ", got " + status + " " + response.body());
				}
				if (!allowed) {
					assertThat(response.contentType()).as(who + " " + endpoint.path())
						.startsWith("application/problem+json");
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	private static Http.Response send(Http http, Endpoint endpoint) {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://localhost:" + http.port() + endpoint.path()))
			.header("Accept", "application/json");
		if (endpoint.body() == null) {
			request.method(endpoint.method(), HttpRequest.BodyPublishers.noBody());
		}
		else {
			request.header("Content-Type", "application/json")
				.method(endpoint.method(), HttpRequest.BodyPublishers.ofString(endpoint.body()));
		}
		return http.send(request);
	}

	@Test
	void a_tenants_key_never_reaches_another_tenants_conversations_or_knowledge() throws Exception {
		String tenantA = "acme-" + UUID.randomUUID();
		String tenantB = "globex-" + UUID.randomUUID();
		Http keyA = this.admin.withApiKey(this.keys.issue(tenantA, "a", Set.of(), "test").secret());
		Http keyB = this.admin.withApiKey(this.keys.issue(tenantB, "b", Set.of(), "test").secret());
		String adminA = "admin-" + tenantA;
		this.accounts.create(adminA, PASSWORD, EnumSet.of(Role.ADMIN), tenantA);
		this.accounts.create("admin-" + tenantB, PASSWORD, EnumSet.of(Role.ADMIN), tenantB);
		Http operatorA = this.admin.as(adminA, PASSWORD);
		Http operatorB = this.admin.as("admin-" + tenantB, PASSWORD);

		// conversations
		String conversationA = keyA.startConversation("ecommerce-support");
		assertThat(keyA.get("/api/v1/conversations/" + conversationA).status()).isEqualTo(200);
		assertThat(keyB.get("/api/v1/conversations/" + conversationA).status()).isEqualTo(404);
		assertThat(keyB.postJson("/api/v1/conversations/" + conversationA + "/messages", "{\"message\": \"hi\"}")
			.status()).isEqualTo(404);
		assertThat(operatorB.get("/api/v1/conversations/" + conversationA).status()).isEqualTo(404);
		Http.Response hijack = keyB.send(HttpRequest.newBuilder(URI.create(keyB.base() + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("X-Tessera-Conversation", conversationA)
			.POST(HttpRequest.BodyPublishers.ofString(
					"{\"model\": \"ecommerce-support\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}")));
		assertThat(hijack.status()).isEqualTo(404);

		// knowledge: a document tenant A uploads answers tenant A's questions only
		String fact = "Orders to the Zyrtaxian moon base ship only by hyperloop freight within 9 days.";
		Http.Response upload = operatorA.upload("/api/v1/collections/ecommerce-support/documents",
				Map.of("zyrtax.md", ("# Zyrtaxian shipping\n\n" + fact + "\n").getBytes(StandardCharsets.UTF_8)));
		awaitJob(operatorA, upload);
		assertThat(operatorA.get("/api/v1/collections/ecommerce-support/documents").body()).contains("zyrtax.md");
		assertThat(operatorB.get("/api/v1/collections/ecommerce-support/documents").body())
			.doesNotContain("zyrtax.md");
		assertThat(operatorB.get("/api/v1/collections/ecommerce-support/documents/zyrtax.md/chunks").status())
			.isEqualTo(404);
		assertThat(keyB.get(upload.location()).status()).isEqualTo(403);
		assertThat(operatorB.get(upload.location()).status()).isEqualTo(404);

		String question = "{\"message\": \"How do orders ship to the Zyrtaxian moon base?\"}";
		JsonNode answerA = keyA.postJson("/api/v1/conversations/" + conversationA + "/messages", question).json();
		assertThat(answerA.path("citations").toString()).contains("zyrtax.md");
		String conversationB = keyB.startConversation("ecommerce-support");
		JsonNode answerB = keyB.postJson("/api/v1/conversations/" + conversationB + "/messages", question).json();
		assertThat(answerB.path("citations").toString()).doesNotContain("zyrtax.md");
		assertThat(answerB.path("text").asString()).doesNotContain("hyperloop");
	}

	private static void awaitJob(Http http, Http.Response accepted) throws InterruptedException {
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
		while (Instant.now().isBefore(deadline)) {
			String state = http.get(accepted.location()).json().path("state").asString();
			if (state.equals("COMPLETED")) {
				return;
			}
			assertThat(state).isNotEqualTo("FAILED");
			Thread.sleep(50);
		}
		throw new AssertionError("ingestion did not finish");
	}

	@Test
	void a_key_is_shown_once_limited_to_its_assistants_and_dead_once_revoked() {
		Http.Response created = this.admin.postJson("/api/v1/admin/api-keys",
				"{\"name\": \"shop widget\", \"assistants\": [\"ecommerce-support\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String secret = created.json().path("secret").asString();
		String id = created.json().path("key").path("id").asString();
		assertThat(secret).startsWith("tsk_");
		assertThat(this.admin.get("/api/v1/admin/api-keys").body()).contains(id).doesNotContain(secret);

		Http client = this.admin.withApiKey(secret);
		JsonNode visible = client.get("/api/v1/assistants").json();
		assertThat(visible.size()).isEqualTo(1);
		assertThat(visible.get(0).path("id").asString()).isEqualTo("ecommerce-support");
		assertThat(client.get("/api/v1/me").json().path("tenant").asString()).isEqualTo("default");
		Http.Response other = client.post("/api/v1/assistants/medical-triage/conversations", null,
				"application/json", new byte[0]);
		assertThat(other.status()).isEqualTo(403);
		assertThat(other.json().path("detail").asString()).contains("medical-triage");
		String mine = client.startConversation("ecommerce-support");
		String triage = this.admin.startConversation("medical-triage");
		assertThat(client.get("/api/v1/conversations/" + triage).status())
			.as("a conversation with an assistant outside the key's scope is not revealed")
			.isEqualTo(404);

		assertThat(this.admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"x\", \"assistants\": [\"nope\"]}")
			.status()).isEqualTo(404);
		assertThat(this.admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"  \"}").json().path("field").asString())
			.isEqualTo("name");
		// a NUL character would fail in PostgreSQL as a server error: it is bad input here, on every database
		Http.Response nul = this.admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"key\\u0000one\"}");
		assertThat(nul.status()).isEqualTo(400);
		assertThat(nul.json().path("field").asString()).isEqualTo("name");
		assertThat(nul.json().path("detail").asString()).contains("U+0000");

		assertThat(this.admin.delete("/api/v1/admin/api-keys/" + id).json().path("revokedAt").isNull()).isFalse();
		Http.Response refused = client.get("/api/v1/conversations/" + mine);
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.json().path("type").asString()).endsWith("/invalid-api-key");
		assertThat(this.admin.delete("/api/v1/admin/api-keys/" + id).status()).isEqualTo(404);
		assertThat(this.admin.anonymous().withApiKey("tsk_made-up").get("/api/v1/assistants").status())
			.isEqualTo(401);
	}

	@Test
	void operators_are_managed_by_administrators_with_checked_passwords() {
		String name = "op-" + UUID.randomUUID().toString().substring(0, 8);
		Http.Response weak = this.admin.postJson("/api/v1/admin/users",
				"{\"username\": \"" + name + "\", \"password\": \"short\", \"roles\": [\"REVIEWER\"]}");
		assertThat(weak.status()).isEqualTo(400);
		assertThat(weak.json().path("field").asString()).isEqualTo("password");
		assertThat(this.admin.postJson("/api/v1/admin/users",
				"{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"ROOT\"]}")
			.status()).isEqualTo(400);
		Http.Response created = this.admin.postJson("/api/v1/admin/users",
				"{\"username\": \"" + name + "\", \"password\": \"" + PASSWORD + "\", \"roles\": [\"REVIEWER\"]}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		assertThat(created.body()).doesNotContain(PASSWORD).doesNotContain("$2");

		Http operator = this.admin.as(name, PASSWORD);
		assertThat(operator.get("/api/v1/me").json().path("roles").toString()).contains("REVIEWER");
		assertThat(operator.get("/api/v1/handoffs").status()).isEqualTo(200);

		Http.Response disabled = this.admin.send(HttpRequest
			.newBuilder(URI.create(this.admin.base() + "/api/v1/admin/users/" + name))
			.header("Content-Type", "application/json")
			.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"enabled\": false}")));
		assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
		assertThat(operator.get("/api/v1/handoffs").status()).isEqualTo(401);
	}

	@Test
	void repeated_failed_sign_ins_are_throttled_even_with_the_right_password_afterwards() {
		String name = "throttled-" + UUID.randomUUID().toString().substring(0, 8);
		this.accounts.create(name, PASSWORD, EnumSet.of(Role.AUDITOR), "default");
		Http wrong = this.admin.as(name, "not-the-password");
		for (int i = 0; i < 3; i++) {
			assertThat(wrong.get("/api/v1/me").status()).isEqualTo(401);
		}
		Http.Response throttled = this.admin.as(name, PASSWORD).get("/api/v1/me");
		assertThat(throttled.status()).isEqualTo(429);
		assertThat(throttled.raw().headers().firstValue("Retry-After")).isPresent();
		assertThat(throttled.json().path("type").asString()).endsWith("/too-many-sign-in-attempts");
		assertThat(this.admin.get("/api/v1/me").status()).as("other users are not locked out").isEqualTo(200);
	}

	@Test
	void responses_carry_security_headers_and_the_console_form_needs_a_csrf_token() {
		Http.Response api = this.admin.get("/api/v1/assistants");
		assertThat(api.raw().headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
		assertThat(api.raw().headers().firstValue("X-Frame-Options")).hasValue("DENY");
		assertThat(api.raw().headers().firstValue("Cache-Control")).hasValueSatisfying(v -> assertThat(v)
			.contains("no-store"));
		assertThat(api.raw().headers().firstValue("Set-Cookie")).as("the API keeps no session").isEmpty();

		Http.Response login = this.admin.anonymous().get("/login", "text/html");
		assertThat(login.status()).isEqualTo(200);
		assertThat(login.body()).contains("name=\"_csrf\"");
		assertThat(login.raw().headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v)
			.contains("frame-ancestors 'none'"));
		Http.Response forged = this.admin.anonymous()
			.post("/login", "application/x-www-form-urlencoded", "text/html",
					("username=admin&password=" + Http.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
		assertThat(forged.status()).as("a login post without the CSRF token").isEqualTo(403);
	}

	@Test
	void every_console_page_answers_every_role_as_it_allows() throws Exception {
		Map<String, Set<String>> pages = new LinkedHashMap<>();
		pages.put("/admin", Set.of("admin", "reviewer", "auditor"));
		pages.put("/admin/assistants", Set.of("admin", "auditor"));
		pages.put("/admin/assistants/ecommerce-support", Set.of("admin", "auditor"));
		pages.put("/admin/knowledge/ecommerce-support", Set.of("admin"));
		pages.put("/admin/handoffs", Set.of("admin", "reviewer"));
		pages.put("/admin/learning", Set.of("admin", "reviewer"));
		pages.put("/admin/reviews", Set.of("admin", "reviewer"));
		pages.put("/admin/audit", Set.of("admin", "auditor"));
		pages.put("/admin/audit/verify", Set.of("admin", "auditor"));
		pages.put("/admin/audit/export?format=csv", Set.of("admin", "auditor"));
		pages.put("/admin/users", Set.of("admin"));
		Map<String, String> failures = new LinkedHashMap<>();
		for (String who : List.of("anonymous", "admin", "reviewer", "auditor")) {
			java.net.http.HttpClient browser = java.net.http.HttpClient.newBuilder()
				.cookieHandler(new java.net.CookieManager())
				.build();
			if (!who.equals("anonymous")) {
				signIn(browser, who.equals("admin") ? Http.ADMIN_USER : who,
						who.equals("admin") ? Http.ADMIN_PASSWORD : PASSWORD);
			}
			for (Map.Entry<String, Set<String>> page : pages.entrySet()) {
				java.net.http.HttpResponse<String> response = browser.send(
						HttpRequest.newBuilder(URI.create(this.admin.base() + page.getKey())).build(),
						java.net.http.HttpResponse.BodyHandlers.ofString());
				int status = response.statusCode();
				boolean allowed = page.getValue().contains(who);
				boolean ok = allowed ? status == 200
						: who.equals("anonymous") ? status == 302
								&& response.headers().firstValue("Location").orElse("").endsWith("/login")
								: status == 403;
				if (!ok) {
					failures.put(who + " " + page.getKey(), "got " + status);
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	/** Signs in through the console's form, as a browser does: the CSRF token from the page, then the POST. */
	private void signIn(java.net.http.HttpClient browser, String username, String password) throws Exception {
		String page = browser.send(HttpRequest.newBuilder(URI.create(this.admin.base() + "/login")).build(),
				java.net.http.HttpResponse.BodyHandlers.ofString()).body();
		java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"")
			.matcher(page);
		assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
		String form = "username=" + username + "&password=" + password + "&_csrf="
				+ java.net.URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
		java.net.http.HttpResponse<String> response = browser.send(
				HttpRequest.newBuilder(URI.create(this.admin.base() + "/login"))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.POST(HttpRequest.BodyPublishers.ofString(form))
					.build(),
				java.net.http.HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(302);
		assertThat(response.headers().firstValue("Location").orElse("")).doesNotContain("error");
	}

}
