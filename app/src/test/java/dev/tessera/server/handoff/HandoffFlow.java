package dev.tessera.server.handoff;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One hand-off from the turn that queues it to its resolution, through the HTTP API, with every bad transition on
 * the way. Run against each database.
 */
final class HandoffFlow {

	private HandoffFlow() {
	}

	/** @return the id of the resolved item */
	static String run(Http http, String email) {
		String conversation = http.startConversation("ecommerce-support");
		JsonNode turn = http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"I want to talk to a person please, write to " + email + "\"}").json();
		assertThat(turn.path("route").asString()).isEqualTo("HANDOFF_HUMAN");

		JsonNode open = http.get("/api/v1/handoffs?state=open").json();
		JsonNode item = null;
		for (JsonNode candidate : open) {
			if (candidate.path("conversationId").asString().equals(conversation)) {
				item = candidate;
			}
		}
		assertThat(item).as("the hand-off of conversation " + conversation + " is queued").isNotNull();
		String id = item.path("id").asString();
		assertThat(item.path("state").asString()).isEqualTo("OPEN");
		assertThat(item.path("reason").asString()).contains("the customer asked for a person");
		assertThat(item.path("context").asString()).contains("user: I want to talk to a person please")
			.contains("[EMAIL_1]")
			.doesNotContain(email);
		assertThat(item.path("turnId").asString()).isEqualTo(turn.path("turnId").asString());

		Http.Response early = http.postJson("/api/v1/handoffs/" + id + "/reply",
				"{\"agent\": \"ana\", \"message\": \"Hello\"}");
		assertProblem(early, 409, "claim it first");
		assertThat(early.json().path("state").asString()).isEqualTo("OPEN");

		Http.Response claimed = http.postJson("/api/v1/handoffs/" + id + "/claim", "{\"agent\": \"ana\"}");
		assertThat(claimed.status()).isEqualTo(200);
		assertThat(claimed.json().path("state").asString()).isEqualTo("CLAIMED");
		assertThat(claimed.json().path("assignee").asString()).isEqualTo("ana");
		assertProblem(http.postJson("/api/v1/handoffs/" + id + "/claim", "{\"agent\": \"ben\"}"), 409,
				"already claimed by 'ana'");
		assertProblem(http.postJson("/api/v1/handoffs/" + id + "/reply", "{\"agent\": \"ben\", \"message\": \"Hi\"}"),
				409, "claimed by 'ana', not 'ben'");

		Http.Response replied = http.postJson("/api/v1/handoffs/" + id + "/reply",
				"{\"agent\": \"ana\", \"message\": \"Hi, this is Ana from support. How can I help?\"}");
		assertThat(replied.status()).isEqualTo(200);
		JsonNode messages = http.get("/api/v1/conversations/" + conversation).json().path("messages");
		JsonNode last = messages.get(messages.size() - 1);
		assertThat(last.path("role").asString()).isEqualTo("agent");
		assertThat(last.path("content").asString()).isEqualTo("Hi, this is Ana from support. How can I help?");

		Http.Response resolved = http.postJson("/api/v1/handoffs/" + id + "/resolve",
				"{\"agent\": \"ana\", \"note\": \"customer helped\"}");
		assertThat(resolved.json().path("state").asString()).isEqualTo("RESOLVED");
		assertThat(resolved.json().path("resolution").asString()).isEqualTo("customer helped");
		assertProblem(http.postJson("/api/v1/handoffs/" + id + "/resolve", "{\"agent\": \"ana\"}"), 409,
				"it is resolved");
		assertThat(http.get("/api/v1/handoffs/" + id).json().path("state").asString()).isEqualTo("RESOLVED");
		return id;
	}

	static void assertProblem(Http.Response response, int status, String detail) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().path("detail").asString()).contains(detail);
		assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
	}

}
