package dev.tessera.server.problem;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the database cannot be reached (here: its connection pool shut), chat and reads answer 503 problem details
 * with {@code Retry-After}, never a 500 or a hang. The chaos runs against a real PostgreSQL restart are issue 18's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/store-outage-${random.uuid}")
@DirtiesContext
class StoreOutageTest {

	@LocalServerPort
	int port;

	@Autowired
	DataSource dataSource;

	@Test
	void requests_that_need_the_database_get_503_with_retry_after() throws Exception {
		Http http = new Http(this.port);
		String conversation = http.startConversation("ecommerce-support");

		this.dataSource.unwrap(HikariDataSource.class).close();

		for (Http.Response response : new Http.Response[] {
				http.postJson("/api/v1/conversations/" + conversation + "/messages", "{\"message\": \"Where is my order?\"}"),
				http.get("/api/v1/conversations/" + conversation) }) {
			assertThat(response.status()).as(response.body()).isEqualTo(503);
			assertThat(response.contentType()).startsWith("application/problem+json");
			assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("5");
			assertThat(response.json().path("type").asString()).endsWith("/store-unavailable");
			assertThat(response.body()).doesNotContain("Exception").doesNotContain("Hikari");
		}
	}

}
