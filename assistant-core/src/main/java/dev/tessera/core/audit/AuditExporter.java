package dev.tessera.core.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SequenceWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

/**
 * Writes audit records as CSV or JSON Lines while reading them ({@link AuditTrail#forEach}), so an export of any size
 * streams in bounded memory.
 * <p>
 * Fields are named after their columns and carry every field of the canonical form (see {@link AuditHash}) with the
 * stored text exactly, {@code created_at} in the canonical format, and {@code prev_hash} and {@code record_hash}: an
 * auditor can recompute the chain from an export alone. JSON Lines (one object per line, {@code \n}-terminated)
 * holds each record's own fields and tells a null ({@code before_state} of a creation) from an empty text; CSV (RFC
 * 4180: header row, {@code CRLF} line ends, fields quoted where they need it, written by jackson-dataformat-csv) has
 * one column per field of either kind, empty where a field does not apply or is null.
 */
public final class AuditExporter {

	/** The CSV header, in order. */
	public static final List<String> CSV_COLUMNS = List.of("kind", "id", "seq", "created_at", "tenant_id", "turn_id",
			"assistant_id", "conversation_id", "route", "route_reason", "model", "input_text", "reply_text", "rails",
			"citations", "decision_trail", "rails_fired", "latency_ms", "actor", "action", "target", "before_state",
			"after_state", "prev_hash", "record_hash");

	/** An export's format. */
	public enum Format {

		CSV("text/csv", "csv"), JSONL("application/x-ndjson", "jsonl");

		private final String mediaType;

		private final String extension;

		Format(String mediaType, String extension) {
			this.mediaType = mediaType;
			this.extension = extension;
		}

		public String mediaType() {
			return this.mediaType;
		}

		public String extension() {
			return this.extension;
		}

		/** The format named {@code csv} or {@code jsonl} (any case). */
		public static Format of(String name) {
			try {
				return valueOf(name.strip().toUpperCase(Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("format must be 'csv' or 'jsonl', got '" + name + "'");
			}
		}

	}

	private static final JsonMapper JSON = JsonMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

	private static final CsvMapper CSV = CsvMapper.builder().disable(StreamWriteFeature.AUTO_CLOSE_TARGET).build();

	private static final CsvSchema CSV_SCHEMA = CsvSchema.builder()
		.addColumns(CSV_COLUMNS, CsvSchema.ColumnType.STRING)
		.setUseHeader(true)
		.setLineSeparator("\r\n")
		.build();

	private final AuditTrail trail;

	public AuditExporter(AuditTrail trail) {
		this.trail = trail;
	}

	/**
	 * Writes every record the query matches, newest first; leaves {@code out} open.
	 * @throws IOException when {@code out} fails (e.g. the client went away)
	 */
	public void write(AuditQuery query, Format format, OutputStream out) throws IOException {
		try {
			if (format == Format.CSV) {
				try (SequenceWriter rows = CSV.writerFor(Map.class).with(CSV_SCHEMA).writeValues(out)) {
					this.trail.forEach(query, entry -> rows.write(fields(entry)));
				}
			}
			else {
				this.trail.forEach(query, entry -> {
					try {
						out.write(JSON.writeValueAsBytes(fields(entry)));
						out.write('\n');
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			}
			out.flush();
		}
		catch (UncheckedIOException ex) {
			throw ex.getCause();
		}
		catch (tools.jackson.core.JacksonException ex) {
			if (ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw ex;
		}
	}

	/** One record's fields, named after their columns, in canonical order; texts exactly as stored. */
	public static Map<String, Object> fields(AuditEntry entry) {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("kind", entry.kind().id());
		fields.put("id", entry.id());
		fields.put("seq", entry.seq());
		fields.put("created_at", AuditHash.timestamp(entry.createdAt()));
		fields.put("tenant_id", entry.tenantId());
		if (entry.turn() != null) {
			AuditRecord turn = entry.turn();
			fields.put("turn_id", turn.turnId());
			fields.put("assistant_id", turn.assistantId());
			fields.put("conversation_id", turn.conversationId());
			fields.put("route", turn.route());
			fields.put("route_reason", turn.routeReason());
			fields.put("model", turn.model());
			fields.put("input_text", turn.inputText());
			fields.put("reply_text", turn.replyText());
			fields.put("rails", turn.railsJson());
			fields.put("citations", turn.citationsJson());
			fields.put("decision_trail", turn.trailJson());
			fields.put("rails_fired", entry.railsFired());
			fields.put("latency_ms", turn.latencyMs());
		}
		else {
			AdminAction admin = Objects.requireNonNull(entry.admin());
			fields.put("actor", admin.actor());
			fields.put("action", admin.action());
			fields.put("target", admin.target());
			fields.put("before_state", admin.before());
			fields.put("after_state", admin.after());
		}
		fields.put("prev_hash", entry.prevHash());
		fields.put("record_hash", entry.recordHash());
		return fields;
	}

}
