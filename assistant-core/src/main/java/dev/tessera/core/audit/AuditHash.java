package dev.tessera.core.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of the audit chain: the canonical form of a record and its hash. This comment is the specification;
 * an auditor can re-implement the check from it alone.
 *
 * <h2>Canonical form</h2>
 * A record is written as its fields, in the fixed order listed below for its kind, each field as
 *
 * <pre>
 * name ":" length ":" value LF
 * </pre>
 *
 * where {@code name} is the field's column name, {@code value} the column's value encoded in UTF-8, {@code length}
 * the number of bytes of that UTF-8 value written in decimal ASCII digits, and {@code LF} one line feed (0x0A). A null
 * value (only an admin action's {@code before_state} and {@code after_state} may be null) is written as
 * {@code name ":-" LF}. The length prefix makes the form unambiguous whatever the texts contain (colons, line feeds).
 * <ul>
 * <li>Texts are taken exactly as stored: no trimming, no Unicode normalization, line breaks kept.</li>
 * <li>Integers ({@code seq}, {@code latency_ms}) are decimal ASCII, with a leading {@code -} only when negative.</li>
 * <li>Timestamps ({@code created_at}) are the instant in UTC as {@code yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'}, always six
 * fraction digits (both databases keep microseconds; appends truncate to microseconds before storing).</li>
 * <li>{@code kind} is the literal {@code turn} or {@code admin}; it is not a column but names the table.</li>
 * </ul>
 * Turn records (table {@code tessera_audit_record}, kind {@code turn}), 18 fields:
 * {@code kind, seq, prev_hash, turn_id, tenant_id, assistant_id, conversation_id, route, route_reason, model,
 * input_text, reply_text, rails, citations, decision_trail, rails_fired, latency_ms, created_at}.
 * <p>
 * Admin actions (table {@code tessera_audit_admin_action}, kind {@code admin}), 10 fields:
 * {@code kind, seq, prev_hash, tenant_id, actor, action, target, before_state, after_state, created_at}.
 * <p>
 * Every column of both tables is covered except {@code id}, which must equal {@code seq}, and {@code record_hash},
 * the result.
 *
 * <h2>Chain</h2>
 * {@code record_hash} is the SHA-256 of the canonical form's bytes, in lower-case hexadecimal (64 characters). The
 * records of both tables form one sequence ordered by {@code seq} (1, 2, 3, ... in the order the appending
 * transactions committed; records sealed from before the chain existed keep their old ids as {@code seq}, so there
 * may be gaps). The first record's {@code prev_hash} is {@link #GENESIS}, 64 zeros; every other record's
 * {@code prev_hash} is the {@code record_hash} of the record before it. The table {@code tessera_audit_chain_head}
 * holds the last record's {@code seq} and {@code record_hash}.
 * <p>
 * Example (a test checks it): the admin action at seq 2 after a turn hashed {@code db3bb1c2…87bf}, by {@code ana},
 * claiming hand-off {@code h-1} at 2025-01-02T03:04:06Z, with no before state, has the canonical form
 *
 * <pre>
 * kind:5:admin
 * seq:1:2
 * prev_hash:64:db3bb1c2ae5292da84503db04d7a3191776d1b52a20b2093b55a46b39e7387bf
 * tenant_id:7:default
 * actor:3:ana
 * action:13:handoff.claim
 * target:11:handoff/h-1
 * before_state:-
 * after_state:19:{"state":"CLAIMED"}
 * created_at:27:2025-01-02T03:04:06.000000Z
 * </pre>
 *
 * (each line ending in one LF) and the hash {@code 383ec02566163bfe1e9d7c1d6f8654b69ff0f26f7eb9a33e800ba0ad87a8b901}.
 */
public final class AuditHash {

	/** The {@code prev_hash} of the first record. */
	public static final String GENESIS = "0".repeat(64);

	private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter
		.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'");

	private AuditHash() {
	}

	/** The canonical form of a turn record at {@code seq}; see the class comment. */
	public static String canonicalTurn(long seq, String prevHash, AuditRecord r, String railsFired) {
		return new Form().field("kind", AuditEntry.Kind.TURN.id())
			.field("seq", Long.toString(seq))
			.field("prev_hash", prevHash)
			.field("turn_id", r.turnId())
			.field("tenant_id", r.tenantId())
			.field("assistant_id", r.assistantId())
			.field("conversation_id", r.conversationId())
			.field("route", r.route())
			.field("route_reason", r.routeReason())
			.field("model", r.model())
			.field("input_text", r.inputText())
			.field("reply_text", r.replyText())
			.field("rails", r.railsJson())
			.field("citations", r.citationsJson())
			.field("decision_trail", r.trailJson())
			.field("rails_fired", railsFired)
			.field("latency_ms", Long.toString(r.latencyMs()))
			.field("created_at", timestamp(r.createdAt()))
			.toString();
	}

	/** The canonical form of an admin action at {@code seq}; see the class comment. */
	public static String canonicalAdmin(long seq, String prevHash, AdminAction a, OffsetDateTime createdAt) {
		return new Form().field("kind", AuditEntry.Kind.ADMIN.id())
			.field("seq", Long.toString(seq))
			.field("prev_hash", prevHash)
			.field("tenant_id", a.tenantId())
			.field("actor", a.actor())
			.field("action", a.action())
			.field("target", a.target())
			.field("before_state", a.before())
			.field("after_state", a.after())
			.field("created_at", timestamp(createdAt))
			.toString();
	}

	/** The hash a stored entry should carry, recomputed from its fields. */
	public static String of(AuditEntry entry) {
		String canonical = entry.turn() != null
				? canonicalTurn(entry.seq(), entry.prevHash(), entry.turn(), Objects.requireNonNull(entry.railsFired()))
				: canonicalAdmin(entry.seq(), entry.prevHash(), Objects.requireNonNull(entry.admin()),
						entry.createdAt());
		return sha256Hex(canonical);
	}

	/** Lower-case hexadecimal SHA-256 of the text's UTF-8 bytes. */
	public static String sha256Hex(String text) {
		return sha256Hex(text.getBytes(StandardCharsets.UTF_8));
	}

	/** Lower-case hexadecimal SHA-256 of the bytes. */
	public static String sha256Hex(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform has SHA-256", ex);
		}
	}

	/** A timestamp as the canonical form writes it: UTC, six fraction digits. */
	public static String timestamp(OffsetDateTime time) {
		return TIMESTAMP.format(time.withOffsetSameInstant(ZoneOffset.UTC));
	}

	/**
	 * The timestamp as the database will give it back: UTC, truncated to microseconds, so that the hash computed
	 * before the insert equals the hash recomputed from the row.
	 */
	public static OffsetDateTime normalize(OffsetDateTime time) {
		return time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
	}

	private static final class Form {

		private final StringBuilder text = new StringBuilder(512);

		Form field(String name, @Nullable String value) {
			this.text.append(name).append(':');
			if (value == null) {
				this.text.append('-');
			}
			else {
				this.text.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
			}
			this.text.append('\n');
			return this;
		}

		@Override
		public String toString() {
			return this.text.toString();
		}

	}

}
