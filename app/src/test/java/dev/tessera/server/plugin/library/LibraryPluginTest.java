package dev.tessera.server.plugin.library;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.Role;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new domain added as a plug-in ({@link LibraryPlugin}, its pack and migrations under {@code plugin/library}) and
 * nothing else: the server loads its pack, migrates its tables with their own history, calls its tool and lets its
 * assessor propose a route, through the public chat API; its HTTP API gets the roles and upload limit it declares.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/library-plugin-${random.uuid}",
				"tessera.packs.locations=classpath:plugin/library/pack/assistant.yaml" })
@Import(LibraryPlugin.class)
class LibraryPluginTest {

	@LocalServerPort
	int port;

	static final String PASSWORD = "a-long-test-password";

	@Autowired
	javax.sql.DataSource dataSource;

	@Autowired
	OperatorAccountService accounts;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	private JsonNode say(String message) {
		String conversation = this.http.startConversation("test-library");
		Http.Response reply = this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"" + message + "\"}");
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

	@Test
	void its_tables_are_migrated_with_their_own_history() {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);

		// Flyway names its history table and columns in quoted lower case
		assertThat(jdbc.sql("SELECT COUNT(*) FROM \"tessera_test_library_schema_history\" WHERE \"version\" = '1'"
				+ " AND \"success\"")
			.query(Integer.class)
			.single()).isOne();
		assertThat(jdbc.sql("SELECT COUNT(*) FROM test_library_loan").query(Integer.class).single()).isOne();
	}

	@Test
	void its_tool_answers_from_its_own_table() {
		JsonNode reply = say("When is my book due? My card is L1234.");

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(reply.path("text").asString()).contains("The Long Way Home is due back on 12 May.");
		assertThat(reply.path("trail").toString()).contains("loan-lookup:on-loan");
	}

	@Test
	void its_assessor_proposes_a_route_that_wins_over_the_tool() {
		JsonNode reply = say("There is a fire near the desk where I return my loan, card L1234");

		assertThat(reply.path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(reply.path("text").asString()).startsWith("Leave the building by the nearest exit");
		assertThat(reply.path("proposals").toString()).contains("\"source\":\"assessor\"");
		assertThat(reply.path("trail").toString()).doesNotContain("loan-lookup:");
	}

	@Test
	void its_api_admits_the_roles_it_names_and_refuses_the_rest_with_problems() {
		createOperator("library-auditor", Role.AUDITOR);
		createOperator("library-reviewer", Role.REVIEWER);
		Http auditor = this.http.as("library-auditor", PASSWORD);
		Http reviewer = this.http.as("library-reviewer", PASSWORD);
		byte[] catalogue = "The Long Way Home\nA Field Guide to Moss\n".getBytes(StandardCharsets.UTF_8);

		Http.Response read = auditor.get("/api/v1/library/loans?card=L1234");
		assertThat(read.status()).as(read.body()).isEqualTo(200);
		assertThat(read.json().path("titles").toString()).contains("The Long Way Home");
		assertThat(read.json().path("tenant").asString()).isEqualTo("default");
		assertThat(read.json().path("actor").asString()).isEqualTo("library-auditor");

		Http.Response refused = auditor.post("/api/v1/library/loans", "text/plain", "application/json", catalogue);
		assertThat(refused.status()).as("auditors only read").isEqualTo(403);
		assertThat(refused.contentType()).startsWith("application/problem+json");

		Http.Response anonymous = this.http.anonymous().get("/api/v1/library/loans?card=L1234");
		assertThat(anonymous.status()).isEqualTo(401);
		assertThat(anonymous.contentType()).startsWith("application/problem+json");

		Http.Response imported = reviewer.post("/api/v1/library/loans", "text/plain", "application/json", catalogue);
		assertThat(imported.status()).as(imported.body()).isEqualTo(200);
		assertThat(imported.json().path("lines").asInt()).isEqualTo(2);
		assertThat(imported.json().path("actor").asString()).isEqualTo("library-reviewer");

		Http.Response bad = auditor.get("/api/v1/library/loans?card=1234");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().path("type").asString()).isEqualTo("https://tessera.dev/problems/bad-request");
		assertThat(bad.json().path("detail").asString()).contains("L and four digits");
	}

	@Test
	void its_declared_upload_takes_the_upload_limit_and_its_other_paths_the_request_limit() {
		createOperator("library-uploader", Role.REVIEWER);
		Http reviewer = this.http.as("library-uploader", PASSWORD);
		// over tessera.api.max-request-bytes (64 KB), well under tessera.api.max-upload-bytes
		byte[] large = "A Field Guide to Moss\n".repeat(4_000).getBytes(StandardCharsets.UTF_8);

		Http.Response upload = reviewer.post("/api/v1/library/loans", "text/plain", "application/json", large);
		assertThat(upload.status()).as(upload.body()).isEqualTo(200);
		assertThat(upload.json().path("lines").asInt()).isEqualTo(4_000);

		Http.Response notAnUpload = reviewer.post("/api/v1/library/loans/renewals", "text/plain", "application/json",
				large);
		assertThat(notAnUpload.status()).isEqualTo(413);
		assertThat(notAnUpload.json().path("type").asString()).isEqualTo("https://tessera.dev/problems/request-too-large");
	}

	private void createOperator(String name, Role role) {
		if (this.accounts.find(name).isEmpty()) {
			this.accounts.create(name, PASSWORD, EnumSet.of(role), "default");
		}
	}

	@Test
	void it_is_listed_beside_the_shipped_assistants() {
		assertThat(this.http.get("/v1/models").json().path("data").toString()).contains("\"test-library\"")
			.contains("\"ecommerce-support\"");
	}

}
