package dev.tessera.server.problem;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

import dev.tessera.autoconfigure.web.ApiProblems;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.retrieval.ingest.JobQueueFullException;
import dev.tessera.core.access.InvalidAccountException;
import dev.tessera.core.access.UnknownAccountException;
import dev.tessera.core.assistant.AssistantDisabledException;
import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.conversation.InvalidMessageException;
import dev.tessera.core.conversation.UnknownConversationException;

/**
 * RFC 9457 problem details for Tessera's own errors. The {@code type} URIs name the kind of problem.
 */
public final class Problems {

	public static final String TYPE_BASE = ApiProblems.TYPE_BASE;

	private Problems() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		return ApiProblems.of(status, type, title, detail);
	}

	/**
	 * The problem as a response: the problem media type, and {@code Retry-After} on a 503 (the client should come back,
	 * not give up).
	 */
	public static org.springframework.http.ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		org.springframework.http.ResponseEntity.BodyBuilder response = org.springframework.http.ResponseEntity
			.status(problem.getStatus())
			.contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
		if (problem.getStatus() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
			response.header(org.springframework.http.HttpHeaders.RETRY_AFTER, Integer.toString(STORE_RETRY_AFTER_SECONDS));
		}
		return response.body(problem);
	}

	/** Seconds a client should wait before retrying when the database cannot be reached. */
	public static final int STORE_RETRY_AFTER_SECONDS = 5;

	/** Whether the container could not parse the query string (it throws when a parameter is read). */
	static boolean invalidQuery(Throwable ex) {
		return causedBy(ex, cause -> cause instanceof org.apache.tomcat.util.http.InvalidParameterException);
	}

	/**
	 * Whether the exception, or one it wraps, says a model had no free slot within its limits (its queue full or the
	 * wait too long): load to shed with a 503, not a server error.
	 */
	public static boolean modelBusy(Throwable ex) {
		return causedBy(ex, cause -> cause instanceof dev.tessera.inference.runtime.ModelBusyException);
	}

	/** Whether the exception or one it wraps, however deep, satisfies the test. */
	private static boolean causedBy(Throwable ex, java.util.function.Predicate<Throwable> test) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			if (test.test(cause)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Whether the exception, or one it wraps, says the database cannot be reached (no connection, the pool closed or
	 * exhausted, a transient failure): a 503 to retry, not a server error.
	 */
	public static boolean storeUnavailable(Throwable ex) {
		return causedBy(ex, cause -> cause instanceof org.springframework.dao.DataAccessResourceFailureException
				|| cause instanceof org.springframework.dao.TransientDataAccessException
				|| cause instanceof java.sql.SQLTransientConnectionException
				|| cause instanceof java.sql.SQLNonTransientConnectionException
				|| cause instanceof java.net.ConnectException
				|| cause instanceof java.sql.SQLException sql && (unavailableState(sql.getSQLState())
						// HikariCP's answer for a connection it closed after a fatal error carries no SQL state
						|| sql.getSQLState() == null && "Connection is closed".equals(sql.getMessage()))
				// a commit or rollback that failed on a connection the database closed: what failed first decides,
				// and a JDBC failure the translator could not classify (no SQL state: the pool's "Connection is
				// closed") is the connection itself
				|| cause instanceof org.springframework.transaction.TransactionSystemException failed
						&& (failed.getApplicationException() != null
								&& storeUnavailable(failed.getApplicationException())
								|| failed.getCause() instanceof java.sql.SQLException sql && sql.getSQLState() == null));
	}

	/**
	 * SQL states that mean the database went away rather than the statement being wrong: connection exceptions
	 * (08: the pool's "Connection is closed", a broken socket), operator intervention (57P: shut down, restarting,
	 * not yet accepting connections) and insufficient resources (53: too many connections).
	 */
	private static boolean unavailableState(@Nullable String state) {
		return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53"));
	}

	/** The problem for an exception; unknown exceptions give a 500 that reveals nothing of the server. */
	public static ProblemDetail forException(Throwable ex) {
		if (ex instanceof UnknownAssistantException) {
			return of(HttpStatus.NOT_FOUND, "unknown-assistant", "Unknown assistant", ex.getMessage());
		}
		if (ex instanceof AssistantDisabledException) {
			return of(HttpStatus.CONFLICT, "assistant-disabled", "Assistant disabled", ex.getMessage());
		}
		if (ex instanceof UnknownConversationException) {
			return of(HttpStatus.NOT_FOUND, "unknown-conversation", "Unknown conversation", ex.getMessage());
		}
		if (ex instanceof InvalidMessageException invalid) {
			return switch (invalid.kind()) {
				case TOO_LONG -> of(HttpStatus.CONTENT_TOO_LARGE, "message-too-long", "Message too long", ex.getMessage());
				case UNSTORABLE -> of(HttpStatus.BAD_REQUEST, "invalid-message", "Invalid message", ex.getMessage());
				case EMPTY -> of(HttpStatus.BAD_REQUEST, "empty-message", "Empty message", ex.getMessage());
			};
		}
		if (ex instanceof NotFoundException notFound) {
			return of(HttpStatus.NOT_FOUND, notFound.type(), notFound.title(), ex.getMessage());
		}
		if (ex instanceof JobQueueFullException) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, "ingestion-busy", "Ingestion busy", ex.getMessage());
		}
		if (ex instanceof InvalidAccountException invalid) {
			ProblemDetail problem = of(HttpStatus.BAD_REQUEST, "invalid-account", "Invalid account or key",
					ex.getMessage());
			problem.setProperty("field", invalid.field());
			return problem;
		}
		if (ex instanceof UnknownAccountException) {
			return of(HttpStatus.NOT_FOUND, "unknown-account", "Unknown account or key", ex.getMessage());
		}
		if (ex instanceof ForbiddenException) {
			return of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", ex.getMessage());
		}
		if (ex instanceof BadRequestException) {
			return of(HttpStatus.BAD_REQUEST, "bad-request", "Bad request", ex.getMessage());
		}
		if (ex instanceof RequestTooLargeException) {
			return of(HttpStatus.CONTENT_TOO_LARGE, "request-too-large", "Request too large", ex.getMessage());
		}
		if (invalidQuery(ex)) {
			return of(HttpStatus.BAD_REQUEST, "invalid-query", "Invalid query string",
					"The query string cannot be read (a parameter without a name, or bytes that are not valid"
							+ " percent-encoded UTF-8).");
		}
		if (modelBusy(ex)) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, "model-busy", "Model busy",
					"The server is answering as many messages as it can just now; nothing of this request was stored."
							+ " Try again in a few seconds (see Retry-After).");
		}
		if (storeUnavailable(ex)) {
			return of(HttpStatus.SERVICE_UNAVAILABLE, "store-unavailable", "Store unavailable",
					"The server's database cannot be reached just now; nothing of this request was stored. Try again in"
							+ " a few seconds (see Retry-After).");
		}
		return of(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error",
				"The server could not complete the request. The error has been logged.");
	}

}
