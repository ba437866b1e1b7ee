package dev.tessera.server.admission;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chat turns beyond what the server may take are refused at once with problem details and {@code Retry-After}:
 * 503 when the instance is full, 429 when one tenant has too many in progress or one API key sends too fast.
 */
class TurnAdmissionTest {

	/** Sends {@code count} messages at once, each to its own conversation, and returns the responses. */
	static List<Http.Response> burst(Http client, int count) throws Exception {
		List<String> conversations = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			conversations.add(client.startConversation("ecommerce-support"));
		}
		List<Future<Http.Response>> futures = new ArrayList<>();
		try (ExecutorService threads = Executors.newFixedThreadPool(count)) {
			for (String conversation : conversations) {
				futures.add(threads.submit(() -> client.postJson("/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"How long does standard delivery take?\"}")));
			}
		}
		List<Http.Response> responses = new ArrayList<>();
		for (Future<Http.Response> future : futures) {
			responses.add(future.get());
		}
		return responses;
	}

	static void assertRefusal(Http.Response response, int status, String type) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("type").asString()).endsWith("/" + type);
		assertThat(response.raw().headers().firstValue("Retry-After")).isPresent();
	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "tessera.data-dir=./target/test-data/admission-${random.uuid}",
					"tessera.api.turns.max-concurrent=1", "tessera.api.turns.max-waiting=0" })
	class WhenTheInstanceIsFull {

		@LocalServerPort
		int port;

		@Test
		void turns_past_the_places_get_503_overloaded_at_once_and_the_others_are_answered() throws Exception {
			Http client = new Http(this.port).anonymous();
			List<Http.Response> refused = new ArrayList<>();
			List<Http.Response> answered = new ArrayList<>();
			// one place and nobody may wait: of sixteen messages sent at once some must be refused
			for (int round = 0; round < 5 && refused.isEmpty(); round++) {
				for (Http.Response response : burst(client, 16)) {
					(response.status() == 200 ? answered : refused).add(response);
				}
			}
			assertThat(answered).isNotEmpty();
			assertThat(refused).isNotEmpty().allSatisfy(response -> assertRefusal(response, 503, "overloaded"));
			// the places are given back: a message sent alone afterwards is answered
			String conversation = client.startConversation("ecommerce-support");
			assertThat(client.postJson("/api/v1/conversations/" + conversation + "/messages",
					"{\"message\": \"Do you ship abroad?\"}").status()).isEqualTo(200);
		}

	}

	@Nested
	@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
			properties = { "tessera.data-dir=./target/test-data/admission-${random.uuid}",
					"tessera.api.turns.per-key-per-second=1", "tessera.api.turns.per-tenant-max-concurrent=1" })
	class PerCaller {

		@LocalServerPort
		int port;

		@Test
		void an_api_key_sending_faster_than_its_rate_gets_429_rate_limited() {
			Http admin = new Http(this.port);
			Http.Response key = admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"fast client\"}");
			Http client = admin.withApiKey(key.json().path("secret").asString());
			String conversation = client.startConversation("ecommerce-support");
			List<Http.Response> responses = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				responses.add(client.postJson("/api/v1/conversations/" + conversation + "/messages",
						"{\"message\": \"Do you ship abroad?\"}"));
			}
			assertThat(responses.get(0).status()).isEqualTo(200);
			assertThat(responses.stream().filter(r -> r.status() == 429).toList()).isNotEmpty()
				.allSatisfy(response -> assertRefusal(response, 429, "rate-limited"));
			// another key has its own bucket
			Http other = admin.withApiKey(admin.postJson("/api/v1/admin/api-keys", "{\"name\": \"other client\"}")
				.json()
				.path("secret")
				.asString());
			String second = other.startConversation("ecommerce-support");
			assertThat(other.postJson("/api/v1/conversations/" + second + "/messages",
					"{\"message\": \"Do you ship abroad?\"}").status()).isEqualTo(200);
		}

		@Test
		void a_tenant_past_its_concurrent_turns_gets_429_tenant_busy() throws Exception {
			Http client = new Http(this.port).anonymous();
			List<Http.Response> refused = new ArrayList<>();
			for (int round = 0; round < 5 && refused.isEmpty(); round++) {
				burst(client, 16).stream().filter(response -> response.status() != 200).forEach(refused::add);
			}
			assertThat(refused).isNotEmpty().allSatisfy(response -> assertRefusal(response, 429, "tenant-busy"));
		}

	}

}
