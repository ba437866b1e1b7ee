package dev.tessera.server.assistants;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.version.AssistantState;
import dev.tessera.core.assistant.version.AssistantVersion;
import dev.tessera.core.assistant.version.ConcurrentAssistantEditException;
import dev.tessera.core.assistant.version.Editor;
import dev.tessera.core.assistant.version.UnknownAssistantVersionException;
import dev.tessera.core.assistant.version.VersionDiff;
import dev.tessera.core.assistant.version.VersionedAssistantCatalog;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.Problems;

/**
 * Assistants API for operators: every assistant (disabled ones too), its active definition, edits as YAML (validated
 * like a pack, stored as a new version, in force from the next turn), history, diffs, rollback, enable and disable.
 * The work is done by {@link VersionedAssistantCatalog}; this class speaks HTTP.
 */
@RestController
@RequestMapping("/api/v1/admin/assistants")
class AssistantAdminController {

	static final MediaType YAML = MediaType.parseMediaType("application/yaml");

	private static final MediaType YAML_UTF8 = new MediaType(YAML, StandardCharsets.UTF_8);

	private static final MediaType TEXT_UTF8 = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);

	/** Longest change comment accepted, in characters. */
	static final int MAX_COMMENT_CHARS = 1000;

	private final ObjectProvider<VersionedAssistantCatalog> catalog;

	private final CallerTenant caller;

	AssistantAdminController(ObjectProvider<VersionedAssistantCatalog> catalog, CallerTenant caller) {
		this.catalog = catalog;
		this.caller = caller;
	}

	@GetMapping
	List<AssistantSummary> assistants() {
		return catalog().states().stream().map(AssistantSummary::of).toList();
	}

	/** The active definition: JSON with its metadata, or the bare YAML with {@code Accept: application/yaml}. */
	@GetMapping("/{id}")
	ResponseEntity<?> assistant(@PathVariable String id,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		AssistantState state = catalog().state(id);
		if (prefers(accept, YAML, MediaType.APPLICATION_JSON)) {
			return ResponseEntity.ok().contentType(YAML_UTF8).body(state.active().yaml());
		}
		return ResponseEntity.ok(AssistantView.of(state));
	}

	@PutMapping(path = "/{id}",
			consumes = { "application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain" })
	ChangeView edit(@PathVariable String id, @RequestBody(required = false) byte @Nullable [] body,
			@RequestParam(required = false) @Nullable String comment, @Nullable Principal principal) {
		String yaml = utf8(body);
		VersionedAssistantCatalog.Change change = catalog().edit(id, yaml, comment(comment), editor(principal));
		return new ChangeView(change.created(), VersionView.of(change.assistant().active(), true));
	}

	@GetMapping("/{id}/versions")
	List<VersionSummary> versions(@PathVariable String id) {
		VersionedAssistantCatalog catalog = catalog();
		int active = catalog.state(id).active().version();
		return catalog.versions(id).stream().map(v -> VersionSummary.of(v, v.version() == active)).toList();
	}

	@GetMapping("/{id}/versions/{version}")
	ResponseEntity<?> version(@PathVariable String id, @PathVariable int version,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		VersionedAssistantCatalog catalog = catalog();
		AssistantVersion found = catalog.version(id, version);
		if (prefers(accept, YAML, MediaType.APPLICATION_JSON)) {
			return ResponseEntity.ok().contentType(YAML_UTF8).body(found.yaml());
		}
		return ResponseEntity.ok(VersionView.of(found, catalog.state(id).active().version() == version));
	}

	/** A unified diff as text, or as JSON (with the counts) with {@code Accept: application/json}. */
	@GetMapping("/{id}/diff")
	ResponseEntity<?> diff(@PathVariable String id, @RequestParam int from, @RequestParam int to,
			@RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
		VersionDiff diff = catalog().diff(id, from, to);
		if (prefers(accept, MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN)) {
			return ResponseEntity.ok(new DiffView(id, from, to, diff.diff().added(), diff.diff().removed(),
					diff.diff().text()));
		}
		return ResponseEntity.ok().contentType(TEXT_UTF8).body(diff.diff().text());
	}

	@PostMapping("/{id}/rollback")
	ChangeView rollback(@PathVariable String id, @RequestParam int to,
			@RequestParam(required = false) @Nullable String comment, @Nullable Principal principal) {
		AssistantState state = catalog().rollback(id, to, comment(comment), editor(principal));
		return new ChangeView(true, VersionView.of(state.active(), true));
	}

	@PostMapping("/{id}/enable")
	AssistantSummary enable(@PathVariable String id, @Nullable Principal principal) {
		return AssistantSummary.of(catalog().enable(id, editor(principal)));
	}

	@PostMapping("/{id}/disable")
	AssistantSummary disable(@PathVariable String id, @Nullable Principal principal) {
		return AssistantSummary.of(catalog().disable(id, editor(principal)));
	}

	// --- errors of this API (unknown assistants are handled for the whole server) ---

	@ExceptionHandler(InvalidPackException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidPackException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.BAD_REQUEST, "invalid-assistant", "Invalid assistant definition",
				ex.getMessage());
		if (!ex.field().isEmpty()) {
			problem.setProperty("field", ex.field());
		}
		if (ex.line() > 0) {
			problem.setProperty("line", ex.line());
		}
		return problem(problem);
	}

	@ExceptionHandler(UnknownAssistantVersionException.class)
	ResponseEntity<ProblemDetail> unknownVersion(UnknownAssistantVersionException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "unknown-assistant-version", "Unknown assistant version",
				ex.getMessage()));
	}

	@ExceptionHandler(ConcurrentAssistantEditException.class)
	ResponseEntity<ProblemDetail> concurrent(ConcurrentAssistantEditException ex) {
		return problem(Problems.of(HttpStatus.CONFLICT, "assistant-edit-conflict", "Assistant changed meanwhile",
				ex.getMessage()));
	}

	@ExceptionHandler(VersioningUnavailableException.class)
	ResponseEntity<ProblemDetail> unavailable(VersioningUnavailableException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "assistant-versions-unavailable",
				"Assistants are not editable", ex.getMessage()));
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
	}

	// --- helpers ---

	private VersionedAssistantCatalog catalog() {
		VersionedAssistantCatalog catalog = this.catalog.getIfAvailable();
		if (catalog == null) {
			throw new VersioningUnavailableException();
		}
		return catalog;
	}

	private Editor editor(@Nullable Principal principal) {
		// Spring Security, once configured, supplies the principal; until then changes are made anonymously
		String name = principal == null || principal.getName() == null || principal.getName().isBlank() ? "anonymous"
				: principal.getName();
		return new Editor(tenant(), name);
	}

	private static @Nullable String comment(@Nullable String comment) {
		if (comment != null && comment.length() > MAX_COMMENT_CHARS) {
			throw new BadRequestException("The comment is " + comment.length() + " characters long; at most "
					+ MAX_COMMENT_CHARS + " are accepted.");
		}
		return comment;
	}

	private static String utf8(byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw new BadRequestException("The body is empty: send the whole assistant.yaml (e.g. curl --data-binary "
					+ "@assistant.yaml -H 'Content-Type: application/yaml').");
		}
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new BadRequestException("The body is not valid UTF-8.");
		}
	}

	/**
	 * Whether the Accept header asks for {@code wanted} before {@code otherwise}; wildcards and a missing or
	 * unreadable header leave the endpoint's default.
	 */
	static boolean prefers(@Nullable String accept, MediaType wanted, MediaType otherwise) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		List<MediaType> types;
		try {
			types = MediaType.parseMediaTypes(accept);
		}
		catch (InvalidMediaTypeException ex) {
			return false;
		}
		for (MediaType type : types.stream()
			.sorted(Comparator.comparingDouble(MediaType::getQualityValue).reversed())
			.toList()) {
			if (type.isWildcardType() || type.isWildcardSubtype()) {
				continue;
			}
			if (type.isCompatibleWith(wanted) || (wanted.equals(YAML) && isYaml(type))) {
				return true;
			}
			if (type.isCompatibleWith(otherwise)) {
				return false;
			}
		}
		return false;
	}

	private static boolean isYaml(MediaType type) {
		return type.getSubtype().equals("x-yaml") || type.getSubtype().equals("yaml");
	}

	static final class VersioningUnavailableException extends RuntimeException {

		VersioningUnavailableException() {
			super("This server's assistant catalog is not versioned (it has no database, or the application defines "
					+ "its own AssistantCatalog), so assistants cannot be edited over the API.");
		}

	}

	record AssistantSummary(String id, String name, String description, boolean enabled, int activeVersion,
			int latestVersion, String source, OffsetDateTime updatedAt) {

		static AssistantSummary of(AssistantState s) {
			return new AssistantSummary(s.id(), s.definition().name(), s.definition().description(), s.enabled(),
					s.active().version(), s.latestVersion(), s.definition().source(), s.updatedAt());
		}

	}

	record AssistantView(String id, String name, String description, boolean enabled, int activeVersion,
			int latestVersion, String source, OffsetDateTime updatedAt, VersionSummary active, String yaml) {

		static AssistantView of(AssistantState s) {
			return new AssistantView(s.id(), s.definition().name(), s.definition().description(), s.enabled(),
					s.active().version(), s.latestVersion(), s.definition().source(), s.updatedAt(),
					VersionSummary.of(s.active(), true), s.active().yaml());
		}

	}

	record VersionSummary(int version, String origin, String author, @Nullable String comment,
			@Nullable Integer restoredFrom, OffsetDateTime createdAt, boolean active) {

		static VersionSummary of(AssistantVersion v, boolean active) {
			return new VersionSummary(v.version(), v.origin().name(), v.author(), v.comment(), v.restoredFrom(),
					v.createdAt(), active);
		}

	}

	record VersionView(String assistant, int version, String origin, String author, @Nullable String comment,
			@Nullable Integer restoredFrom, OffsetDateTime createdAt, boolean active, String yaml) {

		static VersionView of(AssistantVersion v, boolean active) {
			return new VersionView(v.assistantId(), v.version(), v.origin().name(), v.author(), v.comment(),
					v.restoredFrom(), v.createdAt(), active, v.yaml());
		}

	}

	/** @param created false when the edit equalled the active text and nothing was stored */
	record ChangeView(boolean created, VersionView version) {
	}

	record DiffView(String assistant, int from, int to, int added, int removed, String diff) {
	}

	/** The caller's tenant: everything here is scoped to it. */
	private String tenant() {
		return this.caller.tenant();
	}

}
