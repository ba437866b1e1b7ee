package dev.tessera.server.problem;

import java.net.URI;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The error page of every request that failed outside a controller (a filter's exception, a status sent with
 * {@code sendError}): an RFC 9457 problem like every other error, never Spring's default error JSON or a page; a
 * database that cannot be reached is a 503 with {@code Retry-After}. It replaces Spring Boot's
 * {@code BasicErrorController}. Requests the security firewall refuses are answered by the security configuration's
 * {@code RequestRejectedHandler}, those Tomcat refuses by {@link ProblemErrorReportValve}.
 */
@RestController
class ProblemErrorController implements ErrorController {

	@RequestMapping("${server.error.path:/error}")
	ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
		Object exception = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
		Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
		if (code == null && exception == null) {
			// asked for directly, not forwarded by the container after an error: there is no such resource
			return Problems.response(of(HttpStatus.NOT_FOUND));
		}
		HttpStatus status = HttpStatus.resolve(code instanceof Integer value ? value : 500);
		ProblemDetail problem = exception instanceof Throwable throwable
				&& (Problems.storeUnavailable(throwable) || status == null || status.is5xxServerError())
						? Problems.forException(throwable) : of(status == null ? HttpStatus.INTERNAL_SERVER_ERROR : status);
		Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
		if (uri instanceof String path && !path.isBlank()) {
			try {
				problem.setInstance(URI.create(path));
			}
			catch (IllegalArgumentException notAUri) {
				// a path the server refused may not parse as a URI: the problem goes without it
			}
		}
		return Problems.response(problem);
	}

	/** A problem for a bare status, with its standard wording; a server error says nothing more. */
	static ProblemDetail of(HttpStatus status) {
		if (status.is5xxServerError()) {
			ProblemDetail problem = Problems.forException(new IllegalStateException("not shown"));
			problem.setStatus(status.value());
			problem.setTitle(status.getReasonPhrase());
			return problem;
		}
		String type = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z]+", "-");
		return Problems.of(status, type, status.getReasonPhrase(), "The request failed with status " + status.value()
				+ " (" + status.getReasonPhrase() + ").");
	}

}
