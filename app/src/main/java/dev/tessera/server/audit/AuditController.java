package dev.tessera.server.audit;

import java.io.IOException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AuditEntry;
import dev.tessera.core.audit.AuditExporter;
import dev.tessera.core.audit.AuditPage;
import dev.tessera.core.audit.AuditQuery;
import dev.tessera.core.audit.AuditRecord;
import dev.tessera.core.audit.AuditTrail;
import dev.tessera.core.audit.ChainVerification;
import dev.tessera.core.assistant.Route;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.NotFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Audit API v1: search the tenant's trail (turns and operators' actions, newest first), read one record, export
 * the matching records as CSV or JSON Lines (streamed), and verify the whole hash chain.
 */
@RestController
@RequestMapping("/api/v1/audit")
class AuditController {

	/** Most records one page holds. */
	static final int MAX_SIZE = 500;

	static final int DEFAULT_SIZE = 50;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

	private final AuditTrail trail;

	private final AuditExporter exporter;

	private final CallerTenant caller;

	AuditController(AuditTrail trail, AuditExporter exporter, CallerTenant caller) {
		this.trail = trail;
		this.exporter = exporter;
		this.caller = caller;
	}

	@GetMapping
	PageView list(@RequestParam(required = false) String assistant, @RequestParam(required = false) String route,
			@RequestParam(required = false) String rail, @RequestParam(required = false) String kind,
			@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			@RequestParam(defaultValue = "0") String page, @RequestParam(defaultValue = "" + DEFAULT_SIZE) String size) {
		AuditQuery query = query(assistant, route, rail, kind, from, to);
		int pageNumber = number("page", page, 0, Integer.MAX_VALUE / MAX_SIZE);
		int pageSize = number("size", size, 1, MAX_SIZE);
		AuditPage result = this.trail.search(query, pageNumber, pageSize);
		return new PageView(result.entries().stream().map(SummaryView::of).toList(), result.page(), result.size(),
				result.total());
	}

	@GetMapping("/{id}")
	EntryView get(@PathVariable String id) {
		long number;
		try {
			number = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new BadRequestException("An audit record's id is a whole number (its position in the chain), got '"
					+ id + "'.");
		}
		return EntryView.of(this.trail.find(tenant(), number)
			.orElseThrow(() -> new NotFoundException("unknown-audit-record", "Unknown audit record",
					"There is no audit record " + id + ".")));
	}

	/** Streams every matching record; the filters are those of the list. */
	@GetMapping("/export")
	void export(@RequestParam(defaultValue = "csv") String format, @RequestParam(required = false) String assistant,
			@RequestParam(required = false) String route, @RequestParam(required = false) String rail,
			@RequestParam(required = false) String kind, @RequestParam(required = false) String from,
			@RequestParam(required = false) String to, HttpServletResponse response) throws IOException {
		AuditQuery query = query(assistant, route, rail, kind, from, to);
		AuditExporter.Format chosen;
		try {
			chosen = AuditExporter.Format.of(format);
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(ex.getMessage());
		}
		String file = "tessera-audit-" + FILE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)) + "."
				+ chosen.extension();
		response.setContentType(chosen.mediaType() + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(file).build().toString());
		this.exporter.write(query, chosen, response.getOutputStream());
	}

	@GetMapping("/verify")
	VerificationView verify() {
		return VerificationView.of(this.trail.verify());
	}

	private AuditQuery query(@Nullable String assistant, @Nullable String route, @Nullable String rail,
			@Nullable String kind, @Nullable String from, @Nullable String to) {
		try {
			return new AuditQuery(tenant(), assistant, route(route), rail,
					kind == null || kind.isBlank() ? null : AuditEntry.Kind.of(kind), time("from", from),
					time("to", to));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(ex.getMessage());
		}
	}

	private static @Nullable String route(@Nullable String route) {
		if (route == null || route.isBlank()) {
			return null;
		}
		try {
			return Route.valueOf(route.strip().toUpperCase(Locale.ROOT)).name();
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(
					"route must be one of " + Arrays.toString(Route.values()) + ", got '" + route + "'");
		}
	}

	/** An ISO-8601 date-time with its offset, or a date meaning its first instant in UTC. */
	private static @Nullable OffsetDateTime time(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip());
		}
		catch (DateTimeParseException notDateTime) {
			try {
				return LocalDate.parse(value.strip()).atStartOfDay().atOffset(ZoneOffset.UTC);
			}
			catch (DateTimeParseException notDate) {
				throw new BadRequestException(name + " must be an ISO-8601 date-time with offset (2025-03-01T09:00:00Z)"
						+ " or a date (2025-03-01), got '" + value + "'");
			}
		}
	}

	private static int number(String name, String value, int min, int max) {
		try {
			int number = Integer.parseInt(value.strip());
			if (number >= min && number <= max) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new BadRequestException(name + " must be a whole number within " + min + ".." + max + ", got '" + value
				+ "'");
	}

	/** A stored JSON text as JSON; a text that is not JSON (a damaged row) is returned as a string. */
	private static JsonNode json(String text) {
		try {
			return JSON.readTree(text);
		}
		catch (JacksonException ex) {
			return JsonNodeFactory.instance.stringNode(text);
		}
	}

	record PageView(List<SummaryView> items, int page, int size, long total) {
	}

	/** A record in a list: what it is and when, without its texts. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record SummaryView(long id, long seq, String kind, OffsetDateTime createdAt, @Nullable String assistant,
			@Nullable String conversationId, @Nullable String turnId, @Nullable String route, @Nullable String model,
			@Nullable List<String> railsFired, @Nullable Long latencyMs, @Nullable String actor,
			@Nullable String action, @Nullable String target, String recordHash) {

		static SummaryView of(AuditEntry e) {
			AuditRecord t = e.turn();
			AdminAction a = e.admin();
			return new SummaryView(e.id(), e.seq(), e.kind().id(), e.createdAt(), t == null ? null : t.assistantId(),
					t == null ? null : t.conversationId(), t == null ? null : t.turnId(), t == null ? null : t.route(),
					t == null ? null : t.model(), t == null ? null : e.firedRails(),
					t == null ? null : t.latencyMs(), a == null ? null : a.actor(), a == null ? null : a.action(),
					a == null ? null : a.target(), e.recordHash());
		}

	}

	/** One record with everything it holds. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record EntryView(long id, long seq, String kind, OffsetDateTime createdAt, String tenant,
			@Nullable String assistant, @Nullable String conversationId, @Nullable String turnId,
			@Nullable String route, @Nullable String routeReason, @Nullable String model, @Nullable String inputText,
			@Nullable String replyText, @Nullable JsonNode rails, @Nullable JsonNode citations,
			@Nullable JsonNode trail, @Nullable List<String> railsFired, @Nullable Long latencyMs,
			@Nullable String actor, @Nullable String action, @Nullable String target, @Nullable String before,
			@Nullable String after, String prevHash, String recordHash) {

		static EntryView of(AuditEntry e) {
			AuditRecord t = e.turn();
			if (t != null) {
				return new EntryView(e.id(), e.seq(), e.kind().id(), e.createdAt(), e.tenantId(), t.assistantId(),
						t.conversationId(), t.turnId(), t.route(), t.routeReason(), t.model(), t.inputText(),
						t.replyText(), json(t.railsJson()), json(t.citationsJson()), json(t.trailJson()),
						e.firedRails(), t.latencyMs(), null, null, null, null, null, e.prevHash(), e.recordHash());
			}
			AdminAction a = Objects.requireNonNull(e.admin());
			return new EntryView(e.id(), e.seq(), e.kind().id(), e.createdAt(), e.tenantId(), null, null, null, null,
					null, null, null, null, null, null, null, null, null, a.actor(), a.action(), a.target(), a.before(),
					a.after(), e.prevHash(), e.recordHash());
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record VerificationView(boolean valid, long records, @Nullable String lastHash,
			@Nullable BrokenRecordView firstBrokenRecord, @Nullable String reason) {

		static VerificationView of(ChainVerification v) {
			ChainVerification.BrokenRecord broken = v.firstBrokenRecord();
			return new VerificationView(v.valid(), v.records(), v.lastHash(),
					broken == null ? null : new BrokenRecordView(broken.kind(), broken.id(), broken.seq()), v.reason());
		}

	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record BrokenRecordView(String kind, @Nullable Long id, long seq) {
	}

	/** The caller's tenant: everything here is scoped to it. */
	private String tenant() {
		return this.caller.tenant();
	}

}
