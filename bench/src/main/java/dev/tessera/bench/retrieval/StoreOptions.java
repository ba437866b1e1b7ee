package dev.tessera.bench.retrieval;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import picocli.CommandLine.Option;

import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;
import dev.tessera.retrieval.store.PgVectorKnowledgeStore;

/**
 * The store a retrieval bench runs on, shared by the retrieval commands: a fresh Lucene index in
 * {@code bench/target}, or a fresh schema in PostgreSQL (an HNSW index full of earlier runs' deleted rows would slow
 * every search) reached through a connection pool, as the server does (a new connection per query would dominate).
 * {@link #close()} removes what {@link #open()} made.
 */
final class StoreOptions implements AutoCloseable {

	@Option(names = "--store", defaultValue = "embedded", description = "embedded (Lucene) or postgres (pgvector).")
	String store;

	@Option(names = "--pg-url", defaultValue = "${env:TESSERA_TEST_PG_URL:-jdbc:postgresql://127.0.0.1:5432/tessera_test}")
	String pgUrl;

	@Option(names = "--pg-user", defaultValue = "${env:TESSERA_TEST_PG_USER:-postgres}")
	String pgUser;

	@Option(names = "--pg-password", defaultValue = "${env:TESSERA_TEST_PG_PASSWORD:-}")
	String pgPassword;

	@Option(names = "--keep", description = "Keep the PostgreSQL schema after the run, to inspect plans with psql.")
	boolean keep;

	private KnowledgeStore opened;

	private HikariDataSource pool;

	private String schema;

	KnowledgeStore open() throws Exception {
		this.opened = switch (this.store) {
			case "embedded" -> LuceneKnowledgeStore
				.onDisk(Files.createTempDirectory(Path.of("bench", "target").toAbsolutePath(), "lucene-"), 40);
			case "postgres" -> new PgVectorKnowledgeStore(pool(), 40).migrate();
			default -> throw new IllegalArgumentException("--store must be embedded or postgres, got " + this.store);
		};
		return this.opened;
	}

	/** The PostgreSQL pool of an opened postgres store (for the raw comparisons), else {@code null}. */
	javax.sql.DataSource dataSource() {
		return this.pool;
	}

	private HikariDataSource pool() throws SQLException {
		this.schema = "tessera_bench_" + System.currentTimeMillis();
		execute("CREATE SCHEMA " + this.schema);
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(this.pgUrl);
		config.setUsername(this.pgUser);
		config.setPassword(this.pgPassword);
		config.setMaximumPoolSize(8);
		config.setConnectionInitSql("SET search_path TO " + this.schema + ", public");
		this.pool = new HikariDataSource(config);
		return this.pool;
	}

	private void execute(String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(this.pgUrl, this.pgUser, this.pgPassword);
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	@Override
	public void close() throws Exception {
		if (this.opened instanceof AutoCloseable closeable) {
			closeable.close();
		}
		if (this.pool != null) {
			this.pool.close();
			if (this.keep) {
				System.out.println("Kept schema " + this.schema + " (drop it with: DROP SCHEMA " + this.schema + " CASCADE)");
			}
			else {
				execute("DROP SCHEMA IF EXISTS " + this.schema + " CASCADE");
			}
		}
	}

}
