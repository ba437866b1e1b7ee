package dev.tessera.server.problem;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad request gets an RFC 9457 problem with a clear message, never a 500 or a stack trace.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tessera.data-dir=./target/test-data/bad-input", "tessera.chat.max-message-chars=50",
				"tessera.api.max-request-bytes=2000" })
class BadInputTest {

	@LocalServerPort
	int port;

	Http http;

	String conversation;

	@BeforeEach
	void conversation() {
		this.http = new Http(this.port);
		this.conversation = this.http.startConversation("ecommerce-support");
	}

	private String messages() {
		return "/api/v1/conversations/" + this.conversation + "/messages";
	}

	private static JsonNode problem(Http.Response response, int status, String detailContains) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		JsonNode problem = response.json();
		assertThat(problem.path("status").asInt()).isEqualTo(status);
		assertThat(problem.path("title").asString()).isNotBlank();
		assertThat(problem.path("detail").asString()).containsIgnoringCase(detailContains);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("trace");
		return problem;
	}

	@Test
	void malformed_json() {
		JsonNode problem = problem(this.http.postJson(messages(), "{\"message\": \"hi\""), 400, "not valid JSON");
		assertThat(problem.path("type").asString()).endsWith("/malformed-json");
	}

	@Test
	void unknown_assistant() {
		problem(this.http.post("/api/v1/assistants/astrology/conversations", null, null, new byte[0]), 404,
				"No assistant with id 'astrology'. Available assistants: [contract-review, ecommerce-support, medical-triage]");
	}

	@Test
	void unknown_conversation() {
		problem(this.http.postJson("/api/v1/conversations/no-such-id/messages", "{\"message\": \"hi\"}"), 404,
				"No conversation with id 'no-such-id'");
		problem(this.http.get("/api/v1/conversations/no-such-id"), 404, "No conversation");
	}

	@Test
	void empty_or_missing_message() {
		problem(this.http.postJson(messages(), "{\"message\": \"   \"}"), 400, "message is empty");
		problem(this.http.postJson(messages(), "{}"), 400, "message is empty");
	}

	@Test
	void message_over_the_configured_limit() {
		problem(this.http.postJson(messages(), "{\"message\": \"" + "a".repeat(51) + "\"}"), 413,
				"51 characters; the limit is 50");
	}

	@Test
	void body_over_the_configured_limit_with_a_declared_length() {
		problem(this.http.postJson(messages(), "{\"message\": \"" + "a".repeat(3000) + "\"}"), 413,
				"larger than 2000 bytes");
	}

	@Test
	void body_over_the_configured_limit_without_a_declared_length() {
		byte[] body = ("{\"message\": \"" + "a".repeat(3000) + "\"}").getBytes(StandardCharsets.UTF_8);
		// an input-stream publisher has no known length, so the body goes out chunked
		Http.Response response = this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + messages()))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
		problem(response, 413, "larger than 2000 bytes");
	}

	@Test
	void a_nul_character_or_a_broken_surrogate_pair_is_bad_input_on_both_chat_apis() {
		JsonNode nul = problem(this.http.postJson(messages(), "{\"message\": \"hi\\u0000there\"}"), 400,
				"NUL character (U+0000) at position 2");
		assertThat(nul.path("type").asString()).endsWith("/invalid-message");
		problem(this.http.postJson(messages(), "{\"message\": \"half a pair \\ud83d here\"}"), 400,
				"unpaired UTF-16 surrogate");
		problem(this.http.postJson("/v1/chat/completions", "{\"model\": \"ecommerce-support\", \"messages\":"
				+ " [{\"role\": \"user\", \"content\": \"hi\\u0000\"}]}"), 400, "U+0000");
		// a whole pair is text like any other
		assertThat(this.http.postJson(messages(), "{\"message\": \"thanks \\ud83d\\ude00\"}").status()).isEqualTo(200);
	}

	@Test
	void wrong_media_type() {
		problem(this.http.post(messages(), "text/plain", "application/json", "hello".getBytes()), 415,
				"text/plain");
	}

	@Test
	void invalid_utf8() {
		byte[] body = { '{', '"', 'm', 'e', 's', 's', 'a', 'g', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"',
				'}' };
		problem(this.http.post(messages(), "application/json", "application/json", body), 400, "not valid UTF-8");
	}

	@Test
	void unknown_path_and_wrong_method() {
		problem(this.http.get("/api/v1/nothing-here"), 404, "");
		problem(this.http.get(messages()), 405, "GET");
	}

	@Test
	void nothing_was_stored_for_the_rejected_messages() {
		this.http.postJson(messages(), "{\"message\": \"\"}");
		this.http.postJson(messages(), "{\"message\": \"" + "a".repeat(51) + "\"}");
		this.http.postJson(messages(), "{\"message\": \"nul \\u0000\"}");

		assertThat(this.http.get("/api/v1/conversations/" + this.conversation).json().path("messages").isEmpty())
			.isTrue();
	}

}
