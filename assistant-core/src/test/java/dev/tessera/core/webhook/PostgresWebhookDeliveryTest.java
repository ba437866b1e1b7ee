package dev.tessera.core.webhook;

import javax.sql.DataSource;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PostgresWebhookDeliveryTest extends WebhookDeliveryContract {

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
