package dev.tessera.core.audit;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

/**
 * The audit chain on a real PostgreSQL. One schema for the class, emptied before each test (the chain's tables and
 * head back to genesis), so every test starts from an empty chain without paying for a new schema.
 */
class PostgresAuditChainTest extends AuditChainContract {

	private static DataSource database;

	/** Resolved per test, so that without PostgreSQL each test is reported as skipped, not silently absent. */
	@Override
	protected DataSource dataSource() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
			return database;
		}
		JdbcClient jdbc = JdbcClient.create(database);
		jdbc.sql("TRUNCATE tessera_audit_record, tessera_audit_admin_action").update();
		jdbc.sql("UPDATE tessera_audit_chain_head SET last_seq = 0, last_hash = ?").param(AuditHash.GENESIS).update();
		return database;
	}

}
