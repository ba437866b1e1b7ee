package dev.tessera.server.security;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import dev.tessera.server.problem.Problems;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes security refusals (401, 403, 429) as RFC 9457 problem details, like every other error of the API.
 */
public final class ProblemResponses {

	private final JsonMapper json = JsonMapper.builder().build();

	public void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail)
			throws IOException {
		ProblemDetail problem = Problems.of(status, type, title, detail);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("type", problem.getType().toString());
		body.put("title", problem.getTitle());
		body.put("status", problem.getStatus());
		body.put("detail", problem.getDetail());
		response.setStatus(status.value());
		response.setContentType("application/problem+json");
		response.setCharacterEncoding("UTF-8");
		response.getWriter().write(this.json.writeValueAsString(body));
	}

	/**
	 * 503 with {@code Retry-After} for a request that needed the database while it could not be reached; logged as
	 * one line, since an outage produces one per request.
	 */
	void writeStoreUnavailable(HttpServletResponse response, Throwable ex) throws IOException {
		response.setHeader("Retry-After", Integer.toString(Problems.STORE_RETRY_AFTER_SECONDS));
		ProblemDetail problem = Problems.forException(ex);
		write(response, HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", problem.getTitle(), problem.getDetail());
	}

	/** 401 for a caller who has not signed in; the challenge lets curl and browsers offer Basic credentials. */
	AuthenticationEntryPoint authenticationEntryPoint() {
		return (request, response, ex) -> {
			if (Problems.storeUnavailable(ex)) {
				// the credentials could not be checked: the database is down, not the caller unknown
				writeStoreUnavailable(response, ex);
				return;
			}
			response.setHeader("WWW-Authenticate", "Basic realm=\"tessera\", Bearer");
			write(response, HttpStatus.UNAUTHORIZED, "unauthenticated", "Authentication required",
					"Send an API key (Authorization: Bearer tsk_…) or an operator's credentials.");
		};
	}

	AccessDeniedHandler accessDeniedHandler() {
		return (request, response, ex) -> write(response, HttpStatus.FORBIDDEN, "forbidden",
				"Forbidden", "Your role does not allow " + request.getMethod() + " " + request.getRequestURI() + ".");
	}

}
