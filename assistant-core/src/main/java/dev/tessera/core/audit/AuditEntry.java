package dev.tessera.core.audit;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One record of the audit trail as stored: its place in the chain and either a turn or an operator's action.
 *
 * @param id the record's id, which is its position in the chain ({@code seq}) unless the row was tampered with
 * @param seq the position in the chain
 * @param prevHash the stored hash of the record before it ({@link AuditHash#GENESIS} for the first)
 * @param recordHash the stored hash of this record
 * @param createdAt when the turn or action happened
 * @param turn the turn, for {@link Kind#TURN}
 * @param railsFired the turn's fired rails as stored ({@code ",pii,prompt-injection,"}, empty when none), for
 * {@link Kind#TURN}
 * @param admin the action, for {@link Kind#ADMIN}
 */
public record AuditEntry(Kind kind, long id, long seq, String prevHash, String recordHash, OffsetDateTime createdAt,
		@Nullable AuditRecord turn, @Nullable String railsFired, @Nullable AdminAction admin) {

	public AuditEntry {
		Objects.requireNonNull(kind, "kind cannot be null");
		Objects.requireNonNull(prevHash, "prevHash cannot be null");
		Objects.requireNonNull(recordHash, "recordHash cannot be null");
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
		if (kind == Kind.TURN && (turn == null || railsFired == null || admin != null)) {
			throw new IllegalArgumentException("a turn entry carries a turn and its fired rails, and no admin action");
		}
		if (kind == Kind.ADMIN && (admin == null || turn != null)) {
			throw new IllegalArgumentException("an admin entry carries an admin action and no turn");
		}
	}

	public String tenantId() {
		return this.turn != null ? this.turn.tenantId() : Objects.requireNonNull(this.admin).tenantId();
	}

	/** The names of the rails that fired on this turn, in the order they ran; empty for admin actions. */
	public List<String> firedRails() {
		if (this.railsFired == null || this.railsFired.isEmpty()) {
			return List.of();
		}
		return Arrays.stream(this.railsFired.split(",")).filter(name -> !name.isEmpty()).toList();
	}

	/** What a record of the trail is. */
	public enum Kind {

		/** A chat turn ({@code tessera_audit_record}). */
		TURN,
		/** An operator's action ({@code tessera_audit_admin_action}). */
		ADMIN;

		/** The name used in the API, the exports and the canonical form: {@code turn} or {@code admin}. */
		public String id() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** The kind named {@code turn} or {@code admin} (any case). */
		public static Kind of(String id) {
			for (Kind kind : values()) {
				if (kind.id().equalsIgnoreCase(id.strip())) {
					return kind;
				}
			}
			throw new IllegalArgumentException("kind must be 'turn' or 'admin', got '" + id + "'");
		}

	}

}
