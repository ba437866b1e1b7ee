package dev.tessera.server.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One conversation with an assistant over the chat API, for the conversation tests: messages sent in order, each
 * reply read as JSON, and what a reply says about its rails and stages.
 */
final class TestConversation {

	private final Http http;

	final String id;

	TestConversation(Http http, String assistant) {
		this.http = http;
		this.id = http.startConversation(assistant);
	}

	/** Sends the message; the reply must be a 200. */
	JsonNode say(String message) {
		Http.Response response = this.http.postJson("/api/v1/conversations/" + this.id + "/messages",
				Http.JSON.writeValueAsString(Map.of("message", message)));
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	/** The rails that detected something, as {@code direction:rail}. */
	static List<String> railsFired(JsonNode reply) {
		return fired(reply, false);
	}

	/** The rails that detected something, as {@code direction:rail:action}. */
	static List<String> railsActed(JsonNode reply) {
		return fired(reply, true);
	}

	/** The trail's stages, in order. */
	static List<String> stages(JsonNode reply) {
		List<String> stages = new ArrayList<>();
		reply.path("trail").forEach(step -> stages.add(step.path("stage").asString()));
		return stages;
	}

	private static List<String> fired(JsonNode reply, boolean withAction) {
		List<String> fired = new ArrayList<>();
		reply.path("rails").forEach(rail -> {
			if (rail.path("detected").asBoolean()) {
				fired.add(rail.path("direction").asString() + ":" + rail.path("rail").asString()
						+ (withAction ? ":" + rail.path("action").asString() : ""));
			}
		});
		return fired;
	}

}
