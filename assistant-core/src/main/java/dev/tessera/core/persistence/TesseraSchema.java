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
 * <p>
 * A feature that brings its own tables (a domain plug-in) contributes them as a {@link SchemaContribution}, migrated
 * after Tessera's own with a history table of its own, so it can be added to or removed from an application without
 * touching the others'. Core migrations 6 (contract reviews) and 7 (demo store) moved out to their features this way:
 * a database that applied them keeps its tables, the features' first migrations find them there ("IF NOT EXISTS"),
 * and the core history's record of them is not an error.
 */
public final class TesseraSchema {

	public static final String HISTORY_TABLE = "tessera_schema_history";

	private final DataSource dataSource;

	private final List<SchemaContribution> contributions;

	/** Tessera's own tables only. */
	public TesseraSchema(DataSource dataSource) {
		this(dataSource, List.of());
	}

	public TesseraSchema(DataSource dataSource, List<SchemaContribution> contributions) {
		this.dataSource = dataSource;
		this.contributions = List.copyOf(contributions);
	}

	/** Migrates Tessera's own tables, then each contribution's; the result is that of Tessera's own. */
	public MigrateResult migrate() {
		MigrateResult core = migrateCore();
		for (SchemaContribution contribution : this.contributions) {
			Flyway.configure()
				.dataSource(this.dataSource)
				.table(contribution.historyTable())
				.locations(contribution.locations().toArray(String[]::new))
				.baselineOnMigrate(true)
				.baselineVersion("0")
				.load()
				.migrate();
		}
		return core;
	}

	private MigrateResult migrateCore() {
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
			// 6 and 7 moved to their features (contract review, demo store): applied before, no longer here
			.ignoreMigrationPatterns("versioned:missing")
			.load()
			.migrate();
	}

	/** Whether the database is PostgreSQL (several servers may share it) rather than an embedded one. */
	public boolean isPostgres() {
		try (Connection connection = this.dataSource.getConnection()) {
			return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot reach the database to migrate it: " + ex.getMessage(), ex);
		}
	}

}
