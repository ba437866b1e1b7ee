package dev.tessera.server.admission;

import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;

/** Which requests are chat turns: the chat API's messages and the OpenAI-compatible completions. */
final class TurnRequests {

	private static final Pattern TURN = Pattern.compile("/api/v1/conversations/[^/]+/messages/?|/v1/chat/completions/?");

	private TurnRequests() {
	}

	static boolean isTurn(HttpServletRequest request) {
		return "POST".equals(request.getMethod())
				&& TURN.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
	}

}
