package dev.tessera.server.problem;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the sentence encoder cannot take a message (its queue full, the wait too long, or, as here, closed while the
 * server shuts down), the turn is shed with 503 problem details and {@code Retry-After}, never a 500.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/model-busy-${random.uuid}")
@DirtiesContext
class ModelBusyTest {

	@LocalServerPort
	int port;

	@Autowired
	SentenceEncoder encoder;

	@Test
	void a_turn_the_encoder_cannot_take_gets_503_with_retry_after() {
		Http http = new Http(this.port);
		String conversation = http.startConversation("ecommerce-support");

		this.encoder.close();
		Http.Response response = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"Where is my order?\"}");

		assertThat(response.status()).as(response.body()).isEqualTo(503);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.raw().headers().firstValue("Retry-After")).hasValue("5");
		assertThat(response.json().path("type").asString()).endsWith("/model-busy");
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.tessera");
	}

}
