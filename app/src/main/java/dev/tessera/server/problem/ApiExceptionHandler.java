package dev.tessera.server.problem;

import java.nio.charset.CharacterCodingException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.retrieval.ingest.JobQueueFullException;
import dev.tessera.core.access.InvalidAccountException;
import dev.tessera.core.access.UnknownAccountException;
import dev.tessera.core.assistant.AssistantDisabledException;
import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.conversation.InvalidMessageException;
import dev.tessera.core.conversation.UnknownConversationException;
import tools.jackson.core.JacksonException;

/**
 * Turns every error into an RFC 9457 problem response with a clear message: Spring MVC's own errors (unsupported
 * media type, not acceptable, unknown path) through {@link ResponseEntityExceptionHandler}, unreadable bodies with a
 * precise reason, Tessera's errors by type, and anything else as a 500 that is logged but never shows a stack trace.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Log log = LogFactory.getLog(ApiExceptionHandler.class);

	@ExceptionHandler({ UnknownAssistantException.class, AssistantDisabledException.class,
			UnknownConversationException.class, InvalidMessageException.class, BadRequestException.class,
			NotFoundException.class, ForbiddenException.class, JobQueueFullException.class,
			InvalidAccountException.class, UnknownAccountException.class })
	ResponseEntity<ProblemDetail> tesseraError(RuntimeException ex) {
		return Problems.response(Problems.forException(ex));
	}

	@ExceptionHandler(Exception.class)
	ResponseEntity<ProblemDetail> unexpected(Exception ex) {
		ProblemDetail problem = Problems.forException(ex);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			log.warn("Shedding a request (" + problem.getType() + "): " + ex.getMessage());
		}
		else if (problem.getStatus() < 500) {
			// the client's mistake, recognised below the controllers (an unreadable query string): no stack trace
			log.debug("Refused a request (" + problem.getType() + "): " + ex.getMessage());
		}
		else {
			log.error("Unexpected error", ex);
		}
		return Problems.response(problem);
	}

	@Override
	protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		// no size: the container refused the number of parts (files), not the bytes
		ProblemDetail problem = ex.getMaxUploadSize() < 0
				? Problems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Too many files",
						"The upload holds more files than one request may (server.tomcat.max-part-count); send them in"
								+ " several uploads.")
				: Problems.of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large",
						"The upload is larger than " + ex.getMaxUploadSize() + " bytes (tessera.api.max-upload-bytes).");
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	/** A multipart body that cannot be parsed (no boundary, truncated, not multipart at all). */
	@ExceptionHandler(MultipartException.class)
	ResponseEntity<ProblemDetail> badMultipart(MultipartException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "malformed-multipart", "Malformed upload",
				"The request is not a readable multipart/form-data body with the documents as parts named 'file'.");
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	@Override
	protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		ProblemDetail problem = unreadable(ex);
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static ProblemDetail unreadable(HttpMessageNotReadableException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof RequestTooLargeException tooLarge) {
				return Problems.forException(tooLarge);
			}
			if (cause instanceof CharacterCodingException || (cause.getMessage() != null
					&& cause.getMessage().contains("Invalid UTF-8"))) {
				return Problems.of(HttpStatus.BAD_REQUEST, "invalid-encoding", "Invalid encoding",
						"The request body is not valid UTF-8.");
			}
		}
		if (ex.getCause() instanceof JacksonException json) {
			String where = json.getLocation() == null ? ""
					: " at line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr();
			String what = json.getOriginalMessage();
			if (what != null && what.length() > 200) {
				what = what.substring(0, 200) + "...";
			}
			return Problems.of(HttpStatus.BAD_REQUEST, "malformed-json", "Malformed JSON",
					"The request body is not valid JSON for this endpoint" + where + ": " + what);
		}
		return Problems.of(HttpStatus.BAD_REQUEST, "unreadable-body", "Unreadable request body",
				"The request body is missing or cannot be read.");
	}

}
