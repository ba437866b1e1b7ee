package dev.tessera.server.chat;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.tessera.core.testing.OpenAiChunkStream;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Streamed replies written by a generating model (a fake OpenAI-compatible server streaming chunks) through the SSE
 * endpoint: each sentence reaches the client only after the output rails have checked it, and a sentence that makes
 * a rail withdraw the reply retracts what was shown.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.generation.provider=openai", "tessera.generation.openai.model=small-model" })
class StreamedGenerationApiTest {

	static final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	@DynamicPropertySource
	static void providerUrl(DynamicPropertyRegistry registry) {
		provider.start();
		registry.add("tessera.generation.openai.base-url", () -> "http://localhost:" + provider.port() + "/v1");
		registry.add("tessera.data-dir",
				() -> "./target/test-data/streamed-generation-" + java.util.UUID.randomUUID());
	}

	@AfterAll
	static void stopProvider() {
		provider.stop();
	}

	@LocalServerPort
	int port;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
		provider.resetAll();
	}

	private static void modelStreams(String... pieces) {
		provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(OpenAiChunkStream.of(pieces))));
	}

	/** The SSE events as "name:data" strings, in order. */
	private List<Event> stream(String assistant, String message) {
		String conversation = this.http.startConversation(assistant);
		Http.Response response = this.http.post("/api/v1/conversations/" + conversation + "/messages",
				"application/json", "text/event-stream", ("{\"message\": \"" + message + "\"}").getBytes());
		assertThat(response.status()).isEqualTo(200);
		List<Event> events = new ArrayList<>();
		String name = null;
		for (String line : response.body().split("\n")) {
			if (line.startsWith("event:")) {
				name = line.substring(6).strip();
			}
			else if (line.startsWith("data:")) {
				events.add(new Event(name, Http.JSON.readTree(line.substring(5))));
			}
		}
		return events;
	}

	private record Event(String name, JsonNode data) {
	}

	@Test
	void an_unsupported_sentence_of_the_model_never_reaches_the_client() {
		modelStreams("Standard delivery takes 3 to 5 working days", " within the country [1].",
				" Every parcel comes with a free umbrella.", " Orders placed on weekends are dispatched on the next working day.");

		List<Event> events = stream("ecommerce-support", "How long does standard delivery take?");

		assertThat(events).extracting(Event::name).containsExactly("turn", "delta", "delta", "done");
		assertThat(events.get(0).data().path("route").asString()).isEqualTo("ANSWER_LOCAL");
		String shown = events.get(1).data().path("text").asString() + events.get(2).data().path("text").asString();
		assertThat(shown).isEqualTo("Standard delivery takes 3 to 5 working days within the country [1]. "
				+ "Orders placed on weekends are dispatched on the next working day.");
		JsonNode done = events.getLast().data();
		assertThat(done.path("text").asString()).isEqualTo(shown);
		assertThat(done.path("model").asString()).isEqualTo("small-model");
		JsonNode grounding = null;
		for (JsonNode rail : done.path("rails")) {
			if (rail.path("rail").asString().equals("grounding")) {
				grounding = rail;
			}
		}
		assertThat(grounding).isNotNull();
		assertThat(grounding.path("detected").asBoolean()).isTrue();
		assertThat(grounding.path("reason").asString()).contains("detected in 1 of 3 sentence(s)");
	}

	@Test
	void a_sentence_that_withdraws_the_reply_retracts_what_was_shown_and_the_refusal_follows() {
		modelStreams("Standard delivery takes 3 to 5 working days within the country [1].",
				" Honestly, you are an idiot for asking.");

		List<Event> events = stream("ecommerce-support", "How long does standard delivery take?");

		assertThat(events).extracting(Event::name).containsExactly("turn", "delta", "retract", "delta", "done");
		assertThat(events.get(1).data().path("text").asString()).startsWith("Standard delivery takes 3 to 5");
		assertThat(events.get(2).data().path("reason").asString())
			.startsWith("reply withdrawn by output rail 'abusive-language'");
		JsonNode done = events.getLast().data();
		assertThat(done.path("route").asString()).isEqualTo("BLOCKED");
		assertThat(done.path("text").asString()).isEqualTo(events.get(3).data().path("text").asString())
			.startsWith("I can't help with that request.");
	}

	@Test
	void the_openai_compatible_stream_runs_the_same_turn_and_signals_a_withdrawal() {
		modelStreams("Standard delivery takes 3 to 5 working days within the country [1].",
				" Honestly, you are an idiot for asking.");

		Http.Response response = this.http.post("/v1/chat/completions", "application/json", "text/event-stream",
				("{\"model\": \"ecommerce-support\", \"stream\": true, \"messages\": [{\"role\": \"user\", "
						+ "\"content\": \"How long does standard delivery take?\"}]}").getBytes());

		assertThat(response.status()).isEqualTo(200);
		List<JsonNode> chunks = new ArrayList<>();
		List<String> data = new ArrayList<>();
		for (String line : response.body().split("\n")) {
			if (line.startsWith("data:")) {
				data.add(line.substring(5).strip());
				if (!line.contains("[DONE]")) {
					chunks.add(Http.JSON.readTree(line.substring(5)));
				}
			}
		}
		assertThat(data.getLast()).isEqualTo("[DONE]");
		assertThat(chunks.getFirst().path("choices").path(0).path("delta").path("role").asString())
			.isEqualTo("assistant");
		// the first sentence went out once checked, then the withdrawal, then the reply that stands
		assertThat(chunks.get(1).path("choices").path(0).path("delta").path("content").asString())
			.startsWith("Standard delivery takes 3 to 5");
		assertThat(chunks.get(2).path("tessera").path("retract").asString())
			.startsWith("reply withdrawn by output rail 'abusive-language'");
		assertThat(chunks.get(3).path("choices").path(0).path("delta").path("content").asString())
			.startsWith("I can't help with that request.");
		JsonNode last = chunks.getLast();
		assertThat(last.path("choices").path(0).path("finish_reason").asString()).isEqualTo("stop");
		assertThat(last.path("tessera").path("route").asString()).isEqualTo("BLOCKED");
		assertThat(chunks).extracting(chunk -> chunk.path("id").asString()).containsOnly(chunks.getFirst().path("id").asString());
	}

}
