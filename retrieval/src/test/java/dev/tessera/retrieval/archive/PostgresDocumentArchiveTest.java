package dev.tessera.retrieval.archive;

import javax.sql.DataSource;

import dev.tessera.retrieval.store.PgVectorKnowledgeStore;
import dev.tessera.retrieval.testing.PostgresTestDatabase;

class PostgresDocumentArchiveTest extends DocumentArchiveContract {

	/** Resolved per test: without PostgreSQL each test is reported as skipped, with the reason. */
	@Override
	protected DocumentArchive archive() {
		// a fresh schema per test: the contract wants an empty archive
		DataSource database = PostgresTestDatabase.freshSchema().dataSource();
		new PgVectorKnowledgeStore(database, 40).migrate();
		return new PostgresDocumentArchive(database);
	}

}
