package dev.tessera.domains.contract.review;

import javax.sql.DataSource;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PostgresContractReviewsTest extends ContractReviewsContract {

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
