package dev.tessera.server.owasp;

import tools.jackson.databind.JsonNode;

import dev.tessera.server.Http;

import static org.assertj.core.api.Assertions.assertThat;

/** A new conversation with the e-commerce assistant and its first turn, answered 200: how these tests probe it. */
final class FirstTurn {

	private FirstTurn() {
	}

	static JsonNode say(Http http, String message) {
		String conversation = http.startConversation("ecommerce-support");
		Http.Response reply = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				Http.JSON.createObjectNode().put("message", message).toString());
		assertThat(reply.status()).as(reply.body()).isEqualTo(200);
		return reply.json();
	}

}
