package dev.tessera.server.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses a sign-in attempt (HTTP Basic credentials, or the console's login form) with 429 while
 * {@link LoginThrottle} holds too many recent failures for its user name or address; requests without credentials
 * pass untouched.
 */
final class LoginThrottleFilter extends OncePerRequestFilter {

	private final LoginThrottle throttle;

	private final ProblemResponses problems;

	LoginThrottleFilter(LoginThrottle throttle, ProblemResponses problems) {
		this.throttle = throttle;
		this.problems = problems;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String username = attemptedUsername(request);
		if (username != null && !this.throttle.allows(username, request.getRemoteAddr())) {
			response.setHeader("Retry-After", String.valueOf(this.throttle.window().toSeconds()));
			this.problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "too-many-sign-in-attempts",
					"Too many sign-in attempts",
					"Too many failed sign-ins for this user or address; try again in " + this.throttle.window().toMinutes()
							+ " minutes.");
			return;
		}
		chain.doFilter(request, response);
	}

	private static String attemptedUsername(HttpServletRequest request) {
		if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
			String username = request.getParameter("username");
			return username == null ? "" : username;
		}
		String authorization = request.getHeader("Authorization");
		if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
			try {
				String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()),
						StandardCharsets.UTF_8);
				int colon = decoded.indexOf(':');
				return colon < 0 ? decoded : decoded.substring(0, colon);
			}
			catch (IllegalArgumentException ex) {
				return ""; // malformed: Spring Security's Basic filter answers it
			}
		}
		return null;
	}

}
