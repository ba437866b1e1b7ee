package dev.tessera.core.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import dev.tessera.core.audit.SealAuditRecordsMigration;

/**
 * Brings the database to Tessera's current schema with Flyway. Tessera keeps its own history table
 * ({@code tessera_schema_history}) and prefixes its tables with {@code tessera_}, so it can share a database with
 * the application that embeds it, and that application's own Flyway setup is left alone.
 * <p>
 * Migrations common to all databases live in {@code db/tessera/common}; PostgreSQL-only ones (the {@code vector}
 * extension) in {@code db/tessera/postgresql}. One migration is Java, {@link SealAuditRecordsMigration} (3.1), which
 * hashes the audit records written before the audit chain existed into it.
 */
public final class TesseraSchema {

	public static final String HISTORY_TABLE = "tessera_schema_history";

	private final DataSource dataSource;

	public TesseraSchema(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	public MigrateResult migrate() {
		List<String> locations = new ArrayList<>(List.of("classpath:db/tessera/common"));
		if (isPostgres()) {
			locations.add("classpath:db/tessera/postgresql");
		}
		return Flyway.configure()
			.dataSource(this.dataSource)
			.table(HISTORY_TABLE)
			.locations(locations.toArray(String[]::new))
			.javaMigrations(new SealAuditRecordsMigration())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
	}

	private boolean isPostgres() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the database to migrate it: " + ex.getMessage(), ex);
		}
	}

}
