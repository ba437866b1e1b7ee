package dev.tessera.server.openai;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Spring AI's OpenAI chat model (on the official OpenAI Java SDK) pointed at the running server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/openai")
class OpenAiClientTest {

	@LocalServerPort
	int port;

	private OpenAiChatModel model(String assistant) {
		return OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl("http://localhost:" + this.port + "/v1")
				.apiKey("not-needed")
				.model(assistant)
				.maxRetries(0)
				.build())
			.build();
	}

	Http http;

	@BeforeEach
	void client() {
		this.http = new Http(this.port);
	}

	@Test
	void answers_a_chat_completion() {
		ChatResponse response = model("ecommerce-support")
			.call(new Prompt(List.of(new UserMessage("How much does express delivery cost?"))));

		assertThat(response.getResult().getOutput().getText()).contains("9.90 euros");
		assertThat(response.getMetadata().getModel()).isEqualTo("ecommerce-support");
	}

	@Test
	void streams_a_chat_completion() {
		List<String> chunks = new ArrayList<>();
		model("contract-review").stream(new Prompt(List.of(new UserMessage("What is our position on assignment?"))))
			.doOnNext(r -> {
				if (r.getResult() != null && r.getResult().getOutput().getText() != null) {
					chunks.add(r.getResult().getOutput().getText());
				}
			})
			.blockLast();

		String text = String.join("", chunks);
		assertThat(chunks.size()).isGreaterThan(1);
		assertThat(text).contains("written consent").endsWith("before signature.");
	}

	@Test
	void an_unknown_model_is_an_error_the_client_reports() {
		assertThatThrownBy(() -> model("astrology").call(new Prompt(List.of(new UserMessage("hello")))))
			.hasMessageContaining("404");
	}

	@Test
	void lists_assistants_as_models() {
		JsonNode models = this.http.get("/v1/models").json();

		List<String> ids = new ArrayList<>();
		models.path("data").forEach(m -> ids.add(m.path("id").asString()));
		assertThat(models.path("object").asString()).isEqualTo("list");
		assertThat(ids).containsExactly("contract-review", "ecommerce-support", "medical-triage");
	}

	@Test
	void reports_the_decision_trail_and_continues_a_conversation_by_header() {
		Http.Response first = this.http.postJson("/v1/chat/completions",
				"{\"model\":\"medical-triage\",\"messages\":[{\"role\":\"user\",\"content\":\"I have chest pain\"}]}");
		String conversation = first.raw().headers().firstValue("X-Tessera-Conversation").orElseThrow();

		assertThat(first.json().path("tessera").path("route").asString()).isEqualTo("HANDOFF_HUMAN");
		assertThat(first.json().path("choices").get(0).path("finish_reason").asString()).isEqualTo("stop");

		Http.Response second = this.http.send(java.net.http.HttpRequest
			.newBuilder(java.net.URI.create("http://localhost:" + this.port + "/v1/chat/completions"))
			.header("Content-Type", "application/json")
			.header("X-Tessera-Conversation", conversation)
			.POST(java.net.http.HttpRequest.BodyPublishers.ofString(
					"{\"model\":\"medical-triage\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What about a sore throat?\"}]}]}")));
		assertThat(second.status()).isEqualTo(200);
		assertThat(second.json().path("tessera").path("conversationId").asString()).isEqualTo(conversation);
		assertThat(this.http.get("/api/v1/conversations/" + conversation).json().path("messages").size()).isEqualTo(4);
	}

	@Test
	void a_request_without_a_user_message_is_a_problem() {
		Http.Response response = this.http.postJson("/v1/chat/completions",
				"{\"model\":\"medical-triage\",\"messages\":[{\"role\":\"system\",\"content\":\"be nice\"}]}");

		assertThat(response.status()).isEqualTo(400);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains("no message with role 'user'");
	}

}
