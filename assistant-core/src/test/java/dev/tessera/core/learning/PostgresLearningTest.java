package dev.tessera.core.learning;

import javax.sql.DataSource;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PostgresLearningTest extends LearningContract {

	private static DataSource database;

	/** Resolved per test, so that without PostgreSQL each test is reported as skipped, not silently absent. */
	@Override
	protected DataSource dataSource() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		return database;
	}

}
