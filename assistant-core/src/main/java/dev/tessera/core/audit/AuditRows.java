package dev.tessera.core.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;

/**
 * The audit tables read as {@link AuditEntry}s: one column list per table, alike in names and types, so that turns
 * and admin actions can be read in one {@code UNION ALL} ordered by {@code seq}.
 */
final class AuditRows {

	static final String TURNS = "tessera_audit_record";

	static final String ADMIN_ACTIONS = "tessera_audit_admin_action";

	static final String TURN_COLUMNS = """
			'turn' AS kind, id, seq, prev_hash, record_hash, created_at, tenant_id, turn_id, assistant_id,
			conversation_id, route, route_reason, model, input_text, reply_text, rails, citations, decision_trail,
			rails_fired, latency_ms, CAST(NULL AS VARCHAR(200)) AS actor, CAST(NULL AS VARCHAR(100)) AS action,
			CAST(NULL AS VARCHAR(1000)) AS target, CAST(NULL AS TEXT) AS before_state,
			CAST(NULL AS TEXT) AS after_state""";

	static final String ADMIN_COLUMNS = """
			'admin' AS kind, id, seq, prev_hash, record_hash, created_at, tenant_id, CAST(NULL AS VARCHAR(36)) AS turn_id,
			CAST(NULL AS VARCHAR(63)) AS assistant_id, CAST(NULL AS VARCHAR(36)) AS conversation_id,
			CAST(NULL AS VARCHAR(32)) AS route, CAST(NULL AS TEXT) AS route_reason, CAST(NULL AS VARCHAR(100)) AS model,
			CAST(NULL AS TEXT) AS input_text, CAST(NULL AS TEXT) AS reply_text, CAST(NULL AS TEXT) AS rails,
			CAST(NULL AS TEXT) AS citations, CAST(NULL AS TEXT) AS decision_trail,
			CAST(NULL AS VARCHAR(1000)) AS rails_fired, CAST(NULL AS BIGINT) AS latency_ms, actor, action, target,
			before_state, after_state""";

	private AuditRows() {
	}

	static String columns(String table) {
		return table.equals(TURNS) ? TURN_COLUMNS : ADMIN_COLUMNS;
	}

	static AuditEntry entry(ResultSet rs, int row) throws SQLException {
		AuditEntry.Kind kind = AuditEntry.Kind.of(rs.getString("kind"));
		long id = rs.getLong("id");
		long seq = rs.getLong("seq");
		String prevHash = rs.getString("prev_hash");
		String recordHash = rs.getString("record_hash");
		OffsetDateTime createdAt = rs.getObject("created_at", OffsetDateTime.class);
		if (kind == AuditEntry.Kind.TURN) {
			return new AuditEntry(kind, id, seq, prevHash, recordHash, createdAt, JdbcAuditLog.map(rs, row),
					rs.getString("rails_fired"), null);
		}
		return new AuditEntry(kind, id, seq, prevHash, recordHash, createdAt, null, null,
				new AdminAction(rs.getString("tenant_id"), rs.getString("actor"), rs.getString("action"),
						rs.getString("target"), rs.getString("before_state"), rs.getString("after_state")));
	}

}
