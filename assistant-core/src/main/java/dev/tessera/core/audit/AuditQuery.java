package dev.tessera.core.audit;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Which records of a tenant's audit trail to read. Every filter is optional. Admin actions have no assistant, route
 * or rails, so those three filters select turns only.
 *
 * @param tenantId whose records
 * @param assistantId turns of this assistant
 * @param route turns answered by this route ({@code ANSWER_LOCAL}, {@code ESCALATE_LLM}, ...)
 * @param rail turns on which this rail fired (detected something)
 * @param kind turns or admin actions only
 * @param from records created at or after this instant
 * @param to records created before this instant
 */
public record AuditQuery(String tenantId, @Nullable String assistantId, @Nullable String route, @Nullable String rail,
		AuditEntry.@Nullable Kind kind, @Nullable OffsetDateTime from, @Nullable OffsetDateTime to) {

	/** What a rail name may be: the names the rails report, so that the filter can be matched safely. */
	private static final Pattern RAIL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

	public AuditQuery {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		assistantId = blankToNull(assistantId);
		route = blankToNull(route);
		rail = blankToNull(rail);
		if (rail != null && !RAIL.matcher(rail).matches()) {
			throw new IllegalArgumentException("rail must be a rail name (letters, digits, '.', '_', '-'), got '"
					+ rail + "'");
		}
		if (kind == AuditEntry.Kind.ADMIN && (assistantId != null || route != null || rail != null)) {
			throw new IllegalArgumentException(
					"assistant, route and rail select turns; they cannot be combined with kind=admin");
		}
		if (from != null && to != null && !from.isBefore(to)) {
			throw new IllegalArgumentException("from must be before to, got from=" + from + " and to=" + to);
		}
	}

	/** Every record of the tenant. */
	public static AuditQuery all(String tenantId) {
		return new AuditQuery(tenantId, null, null, null, null, null, null);
	}

	/** Whether turns can match. */
	boolean includesTurns() {
		return this.kind != AuditEntry.Kind.ADMIN;
	}

	/** Whether admin actions can match: not when a turn-only filter is set. */
	boolean includesAdminActions() {
		return this.kind != AuditEntry.Kind.TURN && this.assistantId == null && this.route == null && this.rail == null;
	}

	private static @Nullable String blankToNull(@Nullable String value) {
		return value == null || value.isBlank() ? null : value.strip();
	}

}
