package dev.tessera.admin.audit;

import java.io.IOException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.audit.AuditEntry;
import dev.tessera.core.audit.AuditExporter;
import dev.tessera.core.audit.AuditQuery;
import dev.tessera.core.audit.AuditTrail;

/**
 * The audit log for auditors and administrators: filter by assistant, route, rail, kind and time; read one record;
 * export what the filter selects as CSV or JSONL; verify the hash chain.
 */
@Controller
class AuditPagesController {

	static final int PAGE_SIZE = 50;

	private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'");

	private final AuditTrail trail;

	private final AuditExporter exporter;

	private final AssistantCatalog assistants;

	AuditPagesController(AuditTrail trail, AuditExporter exporter, AssistantCatalog assistants) {
		this.trail = trail;
		this.exporter = exporter;
		this.assistants = assistants;
	}

	/** The filter form's fields; times are the browser's local date-time inputs, read as UTC. */
	record Filter(@Nullable String assistant, @Nullable String route, @Nullable String rail, @Nullable String kind,
			@Nullable String from, @Nullable String to) {

		AuditQuery query(String tenant) {
			return new AuditQuery(tenant, this.assistant, this.route, this.rail,
					this.kind == null || this.kind.isBlank() ? null : AuditEntry.Kind.of(this.kind), time(this.from),
					time(this.to));
		}

		private static @Nullable OffsetDateTime time(@Nullable String value) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return LocalDateTime.parse(value).atOffset(ZoneOffset.UTC);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("a time is yyyy-MM-ddTHH:mm, got '" + value + "'");
			}
		}

	}

	@GetMapping("/admin/audit")
	String search(@ModelAttribute("operator") ConsoleOperator operator, Filter filter,
			@RequestParam(defaultValue = "0") int page, Model model) {
		model.addAttribute("filter", filter);
		model.addAttribute("assistants", this.assistants.all());
		try {
			model.addAttribute("result",
					this.trail.search(filter.query(operator.tenant()), Math.max(0, page), PAGE_SIZE));
		}
		catch (IllegalArgumentException ex) {
			model.addAttribute("error", ex.getMessage());
		}
		return "console/audit";
	}

	@GetMapping("/admin/audit/{id}")
	String record(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable long id, Model model) {
		AuditEntry entry = this.trail.find(operator.tenant(), id)
			.orElseThrow(() -> new IllegalArgumentException("there is no audit record " + id));
		model.addAttribute("entry", entry);
		return "console/audit-record";
	}

	@GetMapping("/admin/audit/export")
	void export(@ModelAttribute("operator") ConsoleOperator operator, Filter filter,
			@RequestParam(defaultValue = "csv") String format, HttpServletResponse response) throws IOException {
		AuditExporter.Format chosen = AuditExporter.Format.of(format);
		AuditQuery query = filter.query(operator.tenant());
		String file = "tessera-audit-" + FILE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC)) + "."
				+ chosen.extension();
		response.setContentType(chosen.mediaType() + ";charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(file).build().toString());
		this.exporter.write(query, chosen, response.getOutputStream());
	}

	@GetMapping("/admin/audit/verify")
	String verify(Model model) {
		model.addAttribute("verification", this.trail.verify());
		return "console/audit-verify";
	}

}
