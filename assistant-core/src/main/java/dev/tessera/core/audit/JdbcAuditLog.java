package dev.tessera.core.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AuditLog} on plain JDBC; portable between H2 and PostgreSQL. Each record is appended to the audit chain
 * (see {@link AuditHash}) in the caller's transaction: its id is its position in the chain.
 */
public final class JdbcAuditLog implements AuditLog {

	/** Longest {@code rails_fired} value the column holds; names past it are left out (a turn runs a handful). */
	static final int MAX_RAILS_FIRED = 1000;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final String COLUMNS = """
			id, turn_id, tenant_id, assistant_id, conversation_id, route, route_reason, model, input_text, reply_text,
			rails, citations, decision_trail, latency_ms, created_at""";

	private final JdbcClient jdbc;

	private final JdbcAuditChain chain;

	/**
	 * @param transactions used when {@link #append} is called outside a transaction; inside one, it joins it
	 */
	public JdbcAuditLog(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.chain = new JdbcAuditChain(jdbc, transactions);
	}

	/**
	 * Appends the record; its {@code id} is ignored (the chain assigns it) and its time is kept to the microsecond.
	 * Inside a transaction the row is written when that transaction commits.
	 */
	@Override
	public void append(AuditRecord record) {
		AuditRecord r = new AuditRecord(0, record.turnId(), record.tenantId(), record.assistantId(),
				record.conversationId(), record.route(), record.routeReason(), record.model(), record.inputText(),
				record.replyText(), record.railsJson(), record.citationsJson(), record.trailJson(), record.latencyMs(),
				AuditHash.normalize(record.createdAt()));
		String railsFired = railsFired(r.railsJson());
		this.chain.append((seq, prevHash) -> {
			String hash = AuditHash.sha256Hex(AuditHash.canonicalTurn(seq, prevHash, r, railsFired));
			this.jdbc.sql("""
					INSERT INTO tessera_audit_record (id, seq, prev_hash, record_hash, turn_id, tenant_id, assistant_id,
					  conversation_id, route, route_reason, model, input_text, reply_text, rails, citations,
					  decision_trail, rails_fired, latency_ms, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(seq, seq, prevHash, hash, r.turnId(), r.tenantId(), r.assistantId(), r.conversationId(),
						r.route(), r.routeReason(), r.model(), r.inputText(), r.replyText(), r.railsJson(),
						r.citationsJson(), r.trailJson(), railsFired, r.latencyMs(), r.createdAt())
				.update();
			return hash;
		});
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

	/**
	 * The rails that fired (detected) in a turn's rails JSON ({@code [{"rail": "pii", "detected": true, ...}]}), as
	 * stored in {@code rails_fired}: {@code ",pii,prompt-injection,"}, in the order they ran, each once; empty when
	 * none fired or the JSON cannot be read.
	 */
	public static String railsFired(@Nullable String railsJson) {
		Set<String> fired = new LinkedHashSet<>();
		if (railsJson == null) {
			return "";
		}
		try {
			JsonNode rails = JSON.readTree(railsJson);
			for (JsonNode rail : rails) {
				String name = rail.path("rail").asString("");
				if (rail.path("detected").asBoolean(false) && !name.isBlank() && !name.contains(",")) {
					fired.add(name);
				}
			}
		}
		catch (JacksonException ex) {
			return "";
		}
		if (fired.isEmpty()) {
			return "";
		}
		StringBuilder value = new StringBuilder(",");
		for (String name : fired) {
			if (value.length() + name.length() + 1 > MAX_RAILS_FIRED) {
				break;
			}
			value.append(name).append(',');
		}
		return value.toString();
	}

	static AuditRecord map(ResultSet rs, int row) throws SQLException {
		return new AuditRecord(rs.getLong("id"), rs.getString("turn_id"), rs.getString("tenant_id"),
				rs.getString("assistant_id"), rs.getString("conversation_id"), rs.getString("route"),
				rs.getString("route_reason"), rs.getString("model"), rs.getString("input_text"),
				rs.getString("reply_text"), rs.getString("rails"), rs.getString("citations"),
				rs.getString("decision_trail"), rs.getLong("latency_ms"),
				rs.getObject("created_at", OffsetDateTime.class));
	}

}
