package dev.tessera.server.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.server.FakeLargeModel;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos: SIGTERM while turns are in progress, as a container platform stops a server. The server (a process of its
 * own) stops taking new work, finishes the turns in flight — a JSON reply and a streamed one, each waiting for a slow
 * large model — answers both completely, and exits; restarted on the same data, both turns are in the conversations.
 */
class GracefulShutdownTest {

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	static final String ESCALATING = "Do you sell gift wrapping for birthdays?";

	@BeforeAll
	static void slowLargeModel() {
		provider.start();
		provider.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.willReturn(FakeLargeModel.completion("Yes, gift wrapping is available.")
			.withFixedDelay(4_000)));
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@Test
	void sigterm_finishes_the_turns_in_flight_then_stops() throws Exception {
		Path data = Path.of("target", "test-data", "graceful-" + UUID.randomUUID());
		String[] settings = { "--tessera.escalation.provider=openai", "--tessera.escalation.openai.model=big-model",
				"--tessera.escalation.openai.base-url=http://localhost:" + provider.port() + "/v1",
				"--tessera.escalation.timeout=20s", "--tessera.escalation.max-attempts=1" };
		String jsonConversation;
		String streamConversation;
		try (ServerProcess server = ServerProcess.start(data, settings)) {
			Http http = new Http(server.port());
			jsonConversation = http.startConversation("ecommerce-support");
			streamConversation = http.startConversation("ecommerce-support");
			HttpClient client = HttpClient.newHttpClient();
			CompletableFuture<HttpResponse<String>> json = client.sendAsync(message(http, jsonConversation,
					"application/json"), HttpResponse.BodyHandlers.ofString());
			CompletableFuture<HttpResponse<String>> stream = client.sendAsync(message(http, streamConversation,
					"text/event-stream"), HttpResponse.BodyHandlers.ofString());
			awaitCalls(2);

			server.terminate();
			int exit = server.awaitExit(Duration.ofSeconds(60));

			HttpResponse<String> jsonReply = json.get();
			assertThat(jsonReply.statusCode()).as(jsonReply.body()).isEqualTo(200);
			JsonNode turn = Http.JSON.readTree(jsonReply.body());
			assertThat(turn.path("route").asString()).isEqualTo("ESCALATE_LLM");
			assertThat(turn.path("text").asString()).contains("gift wrapping is available");
			HttpResponse<String> streamReply = stream.get();
			assertThat(streamReply.statusCode()).isEqualTo(200);
			assertThat(streamReply.body()).contains("gift wrapping is available").contains("event:done");
			// 143: the JVM's status after SIGTERM, once its shutdown hooks (the graceful stop) have run
			assertThat(exit).as(server.tail()).isIn(0, 143);
			assertThat(server.log()).contains("Graceful shutdown complete");
		}
		try (ServerProcess restarted = ServerProcess.start(data, settings)) {
			Http http = new Http(restarted.port());
			for (String conversation : new String[] { jsonConversation, streamConversation }) {
				JsonNode messages = http.get("/api/v1/conversations/" + conversation).json().path("messages");
				assertThat(messages.size()).as(conversation).isEqualTo(2);
				assertThat(messages.get(1).path("content").asString()).contains("gift wrapping is available");
			}
			assertThat(http.get("/api/v1/audit/verify").json().path("valid").asBoolean()).isTrue();
		}
	}

	private static HttpRequest message(Http http, String conversation, String accept) {
		return HttpRequest.newBuilder(URI.create(http.base() + "/api/v1/conversations/" + conversation + "/messages"))
			.header("Content-Type", "application/json")
			.header("Accept", accept)
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"" + ESCALATING + "\"}"))
			.timeout(Duration.ofSeconds(60))
			.build();
	}

	private static void awaitCalls(int calls) throws InterruptedException {
		long deadline = System.nanoTime() + 30_000_000_000L;
		while (provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))).size() < calls) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("the turns never reached the large model");
			}
			Thread.sleep(50);
		}
	}

}
