package dev.tessera.domains;

import javax.sql.DataSource;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PostgresPluginSchemaUpgradeTest extends PluginSchemaUpgradeContract {

	/** A fresh schema per test; without PostgreSQL each test is reported as skipped, not silently absent. */
	@Override
	protected DataSource dataSource() {
		return PostgresTestDatabase.freshSchema().dataSource();
	}

}
