package dev.tessera.core.persistence;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.testing.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresConversationStoreTest extends ConversationStoreContract {

	private static DataSource database;

	/** Resolved per test, so that without PostgreSQL each test is reported as skipped, not silently absent. */
	@Override
	protected DataSource dataSource() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		return database;
	}

	@Test
	void the_vector_extension_is_installed() {
		new TesseraSchema(dataSource()).migrate();

		String version = JdbcClient.create(dataSource())
			.sql("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
			.query(String.class)
			.single();
		assertThat(version).isNotBlank();
		assertThat(JdbcClient.create(dataSource())
			.sql("SELECT '[1,2,3]'::vector <=> '[1,2,3]'::vector")
			.query(Double.class)
			.single()).isZero();
	}

}
