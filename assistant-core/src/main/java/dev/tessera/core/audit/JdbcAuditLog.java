package dev.tessera.core.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * {@link AuditLog} on plain JDBC; portable between H2 and PostgreSQL.
 */
public final class JdbcAuditLog implements AuditLog {

	private static final String COLUMNS = """
			id, turn_id, tenant_id, assistant_id, conversation_id, route, route_reason, model, input_text, reply_text,
			rails, citations, decision_trail, latency_ms, created_at""";

	private final JdbcClient jdbc;

	public JdbcAuditLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void append(AuditRecord r) {
		this.jdbc.sql("""
				INSERT INTO tessera_audit_record (turn_id, tenant_id, assistant_id, conversation_id, route, route_reason,
				  model, input_text, reply_text, rails, citations, decision_trail, latency_ms, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(r.turnId(), r.tenantId(), r.assistantId(), r.conversationId(), r.route(), r.routeReason(),
					r.model(), r.inputText(), r.replyText(), r.railsJson(), r.citationsJson(), r.trailJson(),
					r.latencyMs(), r.createdAt())
			.update();
	}

	@Override
	public Optional<AuditRecord> findByTurnId(String turnId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_audit_record WHERE turn_id = ?")
			.param(turnId)
			.query(JdbcAuditLog::map)
			.optional();
	}

	@Override
	public List<AuditRecord> findByConversation(String conversationId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_audit_record WHERE conversation_id = ? ORDER BY id")
			.param(conversationId)
			.query(JdbcAuditLog::map)
			.list();
	}

	private static AuditRecord map(ResultSet rs, int row) throws SQLException {
		return new AuditRecord(rs.getLong("id"), rs.getString("turn_id"), rs.getString("tenant_id"),
				rs.getString("assistant_id"), rs.getString("conversation_id"), rs.getString("route"),
				rs.getString("route_reason"), rs.getString("model"), rs.getString("input_text"),
				rs.getString("reply_text"), rs.getString("rails"), rs.getString("citations"),
				rs.getString("decision_trail"), rs.getLong("latency_ms"),
				rs.getObject("created_at", OffsetDateTime.class));
	}

}
