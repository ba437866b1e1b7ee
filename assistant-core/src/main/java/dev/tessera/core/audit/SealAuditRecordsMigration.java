package dev.tessera.core.audit;

import java.util.List;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Migration 3.1: seals the turn records written before the chain existed (migration V3 added the chain columns
 * empty), then makes the chain columns required. Each such record keeps its id, which becomes its {@code seq}; they
 * are linked in id order from {@link AuditHash#GENESIS}, exactly as they stand when the migration runs, and the chain
 * head is moved to the last of them. Java because SHA-256 over the canonical form cannot be written portably in SQL;
 * as a Flyway migration it runs once, in the schema history, so no later start can seal a row slipped in by hand.
 */
public final class SealAuditRecordsMigration implements JavaMigration {

	static final int BATCH = 500;

	@Override
	public MigrationVersion getVersion() {
		return MigrationVersion.fromVersion("3.1");
	}

	@Override
	public String getDescription() {
		return "seal audit records written before the chain";
	}

	@Override
	public Integer getChecksum() {
		return 31;
	}

	@Override
	public boolean canExecuteInTransaction() {
		return true;
	}

	@Override
	public void migrate(Context context) {
		JdbcClient jdbc = JdbcClient.create(new SingleConnectionDataSource(context.getConnection(), true));
		String previous = jdbc.sql("SELECT last_hash FROM tessera_audit_chain_head WHERE id = 1")
			.query(String.class)
			.single();
		long lastSeq = jdbc.sql("SELECT last_seq FROM tessera_audit_chain_head WHERE id = 1")
			.query(Long.class)
			.single();
		while (true) {
			List<AuditRecord> batch = jdbc
				.sql("SELECT id, turn_id, tenant_id, assistant_id, conversation_id, route, route_reason, model,"
						+ " input_text, reply_text, rails, citations, decision_trail, latency_ms, created_at"
						+ " FROM tessera_audit_record WHERE seq IS NULL ORDER BY id FETCH FIRST " + BATCH
						+ " ROWS ONLY")
				.query(JdbcAuditLog::map)
				.list();
			for (AuditRecord record : batch) {
				String railsFired = JdbcAuditLog.railsFired(record.railsJson());
				String hash = AuditHash.sha256Hex(AuditHash.canonicalTurn(record.id(), previous, record, railsFired));
				jdbc.sql("UPDATE tessera_audit_record SET seq = ?, prev_hash = ?, record_hash = ?, rails_fired = ?"
						+ " WHERE id = ?")
					.params(record.id(), previous, hash, railsFired, record.id())
					.update();
				previous = hash;
				lastSeq = record.id();
			}
			if (batch.size() < BATCH) {
				break;
			}
		}
		jdbc.sql("UPDATE tessera_audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")
			.params(lastSeq, previous)
			.update();
		for (String column : List.of("seq", "prev_hash", "record_hash", "rails_fired")) {
			jdbc.sql("ALTER TABLE tessera_audit_record ALTER COLUMN " + column + " SET NOT NULL").update();
		}
	}

}
