package dev.tessera.autoconfigure.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/**
 * RFC 9457 problem details as Tessera's APIs write them, for the server and for plug-ins' own endpoints: the
 * {@code type} URI names the kind of problem under one base.
 */
public final class ApiProblems {

	public static final String TYPE_BASE = "https://tessera.dev/problems/";

	private ApiProblems() {
	}

	public static ProblemDetail of(HttpStatus status, String type, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create(TYPE_BASE + type));
		problem.setTitle(title);
		return problem;
	}

	/** The problem as a response with the problem media type, for an exception handler. */
	public static ResponseEntity<ProblemDetail> response(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

}
