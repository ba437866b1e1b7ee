package dev.tessera.server.problem;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's report of a request it refused before the application saw it (a malformed request line, an encoded NUL
 * or a path outside the context, an over-long header): an RFC 9457 problem instead of Tomcat's HTML page. Installed
 * as the host's error report valve by {@link ProblemResponsesConfiguration}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Override
	protected void report(Request request, Response response, Throwable throwable) {
		int status = response.getStatus();
		if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
			return;
		}
		HttpStatus known = HttpStatus.resolve(status);
		ProblemDetail problem = known == null ? ProblemErrorController.of(HttpStatus.BAD_REQUEST)
				: known.is5xxServerError() ? ProblemErrorController.of(known)
						: Problems.of(known, "rejected-request", known.getReasonPhrase(),
								"The server refused the request before reading it (status " + status
										+ "): its request line, path or headers are malformed or too large.");
		problem.setStatus(status);
		try {
			response.setContentType("application/problem+json");
			response.setCharacterEncoding(StandardCharsets.UTF_8.name());
			Writer writer = response.getReporter();
			if (writer != null) {
				writer.write(JSON.writeValueAsString(problem));
				response.finishResponse();
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client is gone or the response cannot take a body: nothing more to say
		}
	}

}
