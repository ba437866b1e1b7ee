package dev.tessera.server.plugin.library;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new domain added as a plug-in ({@link LibraryPlugin}, its pack and migrations under {@code plugin/library}) and
 * nothing else: the server loads its pack, migrates its tables with their own history, calls its tool and lets its
 * assessor propose a route, through the public chat API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/library-plugin-${random.uuid}",
				"tessera.packs.locations=classpath:plugin/library/pack/assistant.yaml" })
@Import(LibraryPlugin.class)
class LibraryPluginTest {

	@LocalServerPort
	int port;

	@Autowired
	javax.sql.DataSource dataSource;

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
	void it_is_listed_beside_the_shipped_assistants() {
		assertThat(this.http.get("/v1/models").json().path("data").toString()).contains("\"test-library\"")
			.contains("\"ecommerce-support\"");
	}

}
