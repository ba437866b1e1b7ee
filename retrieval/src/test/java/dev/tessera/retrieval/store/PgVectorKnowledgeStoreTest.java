package dev.tessera.retrieval.store;

import javax.sql.DataSource;

import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PgVectorKnowledgeStoreTest extends KnowledgeStoreContract {

	private static DataSource database;

	/** Resolved per test: without PostgreSQL each test is reported as skipped, with the reason. */
	@Override
	protected KnowledgeStore store() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		return new PgVectorKnowledgeStore(database, 40).migrate();
	}

}
