package dev.tessera.server.chat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.Disposable;

import dev.tessera.inference.chat.LocalChatModel;
import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The assistants answering with the local decoder ({@code tessera.generation.provider=local}) on a model imported by
 * the project's importer: stories260K, which writes children's stories whatever it is asked, so nothing it says is
 * supported by the shops' or clinics' documents. The output rails remove its statements, and the turn must then
 * answer with the grounded template (the reason in the trail), never with what is left of the story, through the
 * JSON, SSE and OpenAI-compatible APIs alike; a busy model also falls back to the template.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.generation.provider=local", "tessera.inference.decoder.max-concurrent=1",
				"tessera.inference.decoder.max-waiting=0", "tessera.inference.decoder.max-tokens=96" })
class LocalModelRepliesApiTest {

	private static final String QUESTION = "How long does standard delivery take?";

	@DynamicPropertySource
	static void localModel(DynamicPropertyRegistry registry) throws Exception {
		Path stories = SharedFixtures.stories260K();
		Path dir = Files.createTempDirectory(Path.of("target"), "stories-model");
		new ModelImporter().importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), dir,
				"stories260K");
		registry.add("tessera.inference.decoder.model-dir", dir::toString);
		registry.add("tessera.data-dir", () -> "./target/test-data/local-model-" + java.util.UUID.randomUUID());
	}

	@LocalServerPort
	int port;

	@Autowired
	LocalChatModel model;

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	private JsonNode ask(String assistant, String message) {
		String conversation = this.http.startConversation(assistant);
		Http.Response response = this.http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"" + message + "\"}");
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	private static String trail(JsonNode reply) {
		StringBuilder steps = new StringBuilder();
		for (JsonNode step : reply.path("trail")) {
			steps.append(step.path("stage").asString()).append(':').append(step.path("outcome").asString())
				.append(' ').append(step.path("detail").asString()).append('\n');
		}
		return steps.toString();
	}

	@Test
	void a_story_taken_apart_by_the_rails_is_replaced_by_the_grounded_template() {
		String story = this.model.call(new Prompt(QUESTION)).getResult().getOutput().getText();
		assertThat(story).as("the model writes a story").isNotBlank();

		JsonNode reply = ask("ecommerce-support", QUESTION);

		assertThat(reply.path("route").asString()).isEqualTo("ANSWER_LOCAL");
		assertThat(reply.path("model").asString()).isEqualTo("grounded-template");
		assertThat(reply.path("text").asString()).contains("working days").doesNotContain("happy");
		assertThat(trail(reply)).contains("sentences of the local-decoder reply were removed by output rail 'grounding'")
			.contains("answered with the grounded template");
	}

	@Test
	void the_streamed_turn_and_the_openai_endpoint_serve_the_template_too() {
		JsonNode json = ask("ecommerce-support", QUESTION);

		String conversation = this.http.startConversation("ecommerce-support");
		Http.Response sse = this.http.post("/api/v1/conversations/" + conversation + "/messages", "application/json",
				"text/event-stream", ("{\"message\": \"" + QUESTION + "\"}").getBytes());
		assertThat(sse.status()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		JsonNode done = null;
		String name = null;
		for (String line : sse.body().split("\n")) {
			if (line.startsWith("event:")) {
				name = line.substring(6).strip();
				names.add(name);
			}
			else if (line.startsWith("data:") && "done".equals(name)) {
				done = Http.JSON.readTree(line.substring(5));
			}
		}
		assertThat(names.getFirst()).isEqualTo("turn");
		assertThat(names.getLast()).isEqualTo("done");
		assertThat(done).isNotNull();
		assertThat(done.path("model").asString()).isEqualTo("grounded-template");
		assertThat(done.path("text").asString()).isEqualTo(json.path("text").asString());

		Http.Response openAi = this.http.postJson("/v1/chat/completions", "{\"model\": \"ecommerce-support\", "
				+ "\"messages\": [{\"role\": \"user\", \"content\": \"" + QUESTION + "\"}]}");
		assertThat(openAi.status()).isEqualTo(200);
		assertThat(openAi.json().path("choices").path(0).path("message").path("content").asString())
			.isEqualTo(json.path("text").asString());
	}

	@Test
	void a_busy_model_leaves_the_answer_to_the_grounded_template_and_says_so() throws Exception {
		CountDownLatch generating = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		// a generation held open: its subscriber blocks on the first token, so the model's one place stays taken
		Disposable held = this.model.stream(new Prompt("Once upon a time")).subscribe(token -> {
			generating.countDown();
			try {
				release.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		});
		try {
			assertThat(generating.await(30, TimeUnit.SECONDS)).isTrue();
			JsonNode reply = ask("ecommerce-support", QUESTION);
			assertThat(reply.path("model").asString()).isEqualTo("grounded-template");
			assertThat(trail(reply)).contains("the generative model failed (ModelBusyException)");
		}
		finally {
			release.countDown();
			held.dispose();
			// the held generation gives its place back when its next step sees the cancellation; the other tests need it
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (this.model.generationsRunning() > 0 && System.nanoTime() < deadline) {
				Thread.sleep(10);
			}
		}
	}

}
