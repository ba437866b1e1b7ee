package dev.tessera.server;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

/** Answers of the fake OpenAI-compatible server that stands in for the large model in the server's tests. */
public final class FakeLargeModel {

	private FakeLargeModel() {
	}

	/** A chat completion from {@code big-model} whose answer is {@code text} (JSON-escaped here). */
	public static ResponseDefinitionBuilder completion(String text) {
		return okJson("""
				{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "big-model",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": %s, "refusal": null},
				  "logprobs": null, "finish_reason": "stop"}],
				 "usage": {"prompt_tokens": 100, "completion_tokens": 10, "total_tokens": 110}}"""
			.formatted(Http.JSON.writeValueAsString(text)));
	}

}
