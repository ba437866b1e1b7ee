package dev.tessera.server.problem;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of every request that failed outside a controller (the security firewall refusing a path, a filter's
 * exception, a status sent with {@code sendError}): an RFC 9457 problem like every other error, never Spring's default
 * error JSON or a page. It replaces Spring Boot's {@code BasicErrorController}.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
		ProblemDetail problem;
		if (exception instanceof RequestRejectedException) {
			problem = Problems.of(HttpStatus.BAD_REQUEST, "rejected-request", "Request rejected",
					"The request's path, query or headers hold characters or sequences the server does not accept"
							+ " (an encoded NUL, '..', a '//' or a backslash, for instance).");
		}
		else if (exception instanceof Throwable throwable && (status == null || status.is5xxServerError())) {
			problem = Problems.forException(throwable);
		}
		else {
			problem = of(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
		}
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path && !path.isBlank()) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException notAUri) {
				// a path the firewall refused may not parse as a URI: the problem goes without it
			}
		}
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	/** A problem for a bare status, with its standard wording. */
	static ProblemDetail of(HttpStatus status) {
		if (status.is5xxServerError()) {
			return Problems.forException(new IllegalStateException("not shown"));
		}
		String type = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-");
		return Problems.of(status, type, status.getReasonPhrase(), "The request failed with status " + status.value()
				+ " (" + status.getReasonPhrase() + ").");
	}

}
