package dev.tessera.core.testing;

/**
 * The body a streaming OpenAI chat-completions server sends, for fake providers in tests: one chunk per piece of
 * content, then the stop chunk and {@code [DONE]}.
 */
public final class OpenAiChunkStream {

	private OpenAiChunkStream() {
	}

	/** A {@code text/event-stream} body whose content deltas are the given pieces, in order. */
	public static String of(String... pieces) {
		StringBuilder body = new StringBuilder();
		for (String piece : pieces) {
			body.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
				.append("\"model\":\"small-model\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",")
				.append("\"content\":\"").append(piece).append("\"},\"finish_reason\":null}]}\n\n");
		}
		body.append("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,")
			.append("\"model\":\"small-model\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n")
			.append("data: [DONE]\n\n");
		return body.toString();
	}

}
