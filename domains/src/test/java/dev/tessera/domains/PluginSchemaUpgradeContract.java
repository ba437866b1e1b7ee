package dev.tessera.domains;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.audit.SealAuditRecordsMigration;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.domains.contract.review.ContractReviewAutoConfiguration;
import dev.tessera.domains.store.DemoStoreAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The upgrade path of the domain plug-ins' tables: a database created when contract reviews and the demo store were
 * core migrations 6 and 7 starts on today's schema without a manual step, keeps its rows, and each plug-in records
 * its tables in its own history from then on.
 */
abstract class PluginSchemaUpgradeContract {

	/** A new, empty database (or schema) on each call. */
	protected abstract DataSource dataSource();

	private static final List<dev.tessera.core.persistence.SchemaContribution> PLUGINS = List
		.of(ContractReviewAutoConfiguration.SCHEMA, DemoStoreAutoConfiguration.SCHEMA);

	/** The schema as the version before the plug-ins had their own migrations made it. */
	private void createAsBefore(DataSource dataSource) throws java.sql.SQLException {
		List<String> locations = new java.util.ArrayList<>(
				List.of("classpath:db/tessera/common", "classpath:db/tessera-before-plugins"));
		try (java.sql.Connection connection = dataSource.getConnection()) {
			if (connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
				locations.add("classpath:db/tessera/postgresql");
			}
		}
		Flyway.configure()
			.dataSource(dataSource)
			.table(TesseraSchema.HISTORY_TABLE)
			.locations(locations.toArray(String[]::new))
			.javaMigrations(new SealAuditRecordsMigration())
			.load()
			.migrate();
	}

	@Test
	void a_database_created_before_the_plugins_had_their_own_migrations_starts_without_a_manual_step() throws Exception {
		DataSource dataSource = dataSource();
		createAsBefore(dataSource);
		JdbcClient jdbc = JdbcClient.create(dataSource);
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		jdbc.sql("INSERT INTO tessera_demo_customer (tenant_id, customer_id, name, email) VALUES ('t', 1, 'A', 'a@x.org')")
			.update();
		jdbc.sql("""
				INSERT INTO tessera_contract_review (id, tenant_id, file_name, title, media_type, sha256, content, state,
				    submitted_by, created_at, updated_at)
				VALUES ('r1', 't', 'c.txt', 'C', 'text/plain', ?, 'text', 'QUEUED', 'ann', ?, ?)""")
			.params("0".repeat(64), now, now)
			.update();

		new TesseraSchema(dataSource, PLUGINS).migrate();
		new TesseraSchema(dataSource, PLUGINS).migrate(); // and again: nothing left to do

		assertThat(jdbc.sql("SELECT COUNT(*) FROM tessera_demo_customer").query(Integer.class).single()).isOne();
		assertThat(jdbc.sql("SELECT state FROM tessera_contract_review WHERE id = 'r1'").query(String.class).single())
			.isEqualTo("QUEUED");
		for (var plugin : PLUGINS) {
			// Flyway names its history table and columns in quoted lower case
			assertThat(jdbc.sql("SELECT COUNT(*) FROM \"" + plugin.historyTable() + "\" WHERE \"version\" = '1' AND \"success\"")
				.query(Integer.class)
				.single()).as(plugin.historyTable()).isOne();
		}
	}

	@Test
	void a_new_database_gets_the_plugins_tables_from_their_own_migrations_and_only_theirs() {
		DataSource dataSource = dataSource();
		new TesseraSchema(dataSource, List.of(DemoStoreAutoConfiguration.SCHEMA)).migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource);

		assertThat(jdbc.sql("SELECT COUNT(*) FROM tessera_demo_order").query(Integer.class).single()).isZero();
		assertThat(tableExists(jdbc, "tessera_contract_review")).as("no contract review without its plug-in").isFalse();
	}

	private static boolean tableExists(JdbcClient jdbc, String table) {
		return jdbc.sql("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) = ?"
				+ " AND LOWER(table_schema) = LOWER(CURRENT_SCHEMA)")
			.param(table)
			.query(Integer.class)
			.single() > 0;
	}

}
