package dev.tessera.core.audit;

import javax.sql.DataSource;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

/**
 * Reading the audit trail on a real PostgreSQL: a fresh schema per test (one test migrates an old schema).
 */
class PostgresAuditTrailTest extends AuditTrailContract {

	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.freshSchema().dataSource();
	}

}
