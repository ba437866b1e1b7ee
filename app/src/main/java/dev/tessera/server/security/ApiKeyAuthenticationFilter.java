package dev.tessera.server.security;

import java.io.IOException;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tessera.core.access.ApiKey;
import dev.tessera.core.access.ApiKeys;
import dev.tessera.server.problem.Problems;

/**
 * Authenticates chat clients by {@code Authorization: Bearer tsk_…} or {@code X-API-Key: tsk_…}. A key that is
 * present but unknown or revoked ends the request with 401: it never falls back to anonymous access.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String HEADER = "X-API-Key";

	private static final Log log = LogFactory.getLog(ApiKeyAuthenticationFilter.class);

	private final ApiKeys keys;

	private final ProblemResponses problems;

	ApiKeyAuthenticationFilter(ApiKeys keys, ProblemResponses problems) {
		this.keys = keys;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Optional<String> secret = secret(request);
		if (secret.isEmpty()) {
			chain.doFilter(request, response);
			return;
		}
		Optional<ApiKey> key;
		try {
			key = this.keys.authenticate(secret.get());
		}
		catch (RuntimeException ex) {
			if (!Problems.storeUnavailable(ex)) {
				throw ex;
			}
			log.warn("Shedding a request (store-unavailable): the API key could not be checked: " + ex.getMessage());
			this.problems.writeStoreUnavailable(response, ex);
			return;
		}
		if (key.isEmpty()) {
			this.problems.write(response, HttpStatus.UNAUTHORIZED, "invalid-api-key", "Invalid API key",
					"The API key is unknown or has been revoked.");
			return;
		}
		SecurityContext context = SecurityContextHolder.createEmptyContext();
		context.setAuthentication(new ApiKeyAuthentication(key.get()));
		SecurityContextHolder.setContext(context);
		try {
			chain.doFilter(request, response);
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	private static Optional<String> secret(HttpServletRequest request) {
		String header = request.getHeader(HEADER);
		if (header != null && !header.isBlank()) {
			return Optional.of(header.strip());
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			String token = authorization.substring(7).strip();
			if (token.startsWith(ApiKeys.SECRET_PREFIX)) {
				return Optional.of(token);
			}
		}
		return Optional.empty();
	}

}
