package dev.tessera.retrieval.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL with pgvector for tests: a Testcontainers {@code pgvector/pgvector} container where Docker runs,
 * otherwise the server named by {@value #URL_ENV} (with {@value #USER_ENV} and {@value #PASSWORD_ENV}). With
 * neither, the calling test is skipped with a message saying so; it never passes silently.
 * <p>
 * Each call to {@link #freshSchema()} gives a new, empty schema, so test runs never see each other's rows or an old
 * migration history; the schemas are dropped when the JVM exits.
 */
public final class PostgresTestDatabase {

	public static final String URL_ENV = "TESSERA_TEST_PG_URL";

	public static final String USER_ENV = "TESSERA_TEST_PG_USER";

	public static final String PASSWORD_ENV = "TESSERA_TEST_PG_PASSWORD";

	private static Server server;

	private PostgresTestDatabase() {
	}

	/**
	 * Connection settings of a fresh schema, or a skipped test when no PostgreSQL can be had.
	 */
	public static synchronized Settings freshSchema() {
		Server db = server();
		String schema = "tessera_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE SCHEMA " + schema);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("cannot create a test schema on " + db.url() + ": " + ex.getMessage(), ex);
		}
		Runtime.getRuntime().addShutdownHook(new Thread(() -> drop(db, schema)));
		String separator = db.url().contains("?") ? "&" : "?";
		// the extension schema (public) stays on the search path so the vector type resolves
		return new Settings(db.url() + separator + "currentSchema=" + schema + ",public", db.user(), db.password(),
				schema, db.origin());
	}

	private static Server server() {
		if (server != null) {
			return server;
		}
		if (DockerClientFactory.instance().isDockerAvailable()) {
			PostgreSQLContainer container = new PostgreSQLContainer(
					DockerImageName.parse("pgvector/pgvector:pg17").asCompatibleSubstituteFor("postgres"));
			container.start();
			server = new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(),
					"Testcontainers " + container.getDockerImageName());
			return server;
		}
		String url = System.getenv(URL_ENV);
		Assumptions.assumeTrue(url != null && !url.isBlank(),
				"PostgreSQL tests skipped: no Docker for Testcontainers and " + URL_ENV
						+ " is not set (e.g. jdbc:postgresql://127.0.0.1:5432/tessera_test; bash .ci/run sets it)");
		String user = System.getenv().getOrDefault(USER_ENV, "postgres");
		String password = System.getenv().getOrDefault(PASSWORD_ENV, "");
		try (Connection connection = DriverManager.getConnection(url, user, password)) {
			// fail loudly, not skip: a configured server that is down is a broken environment
			connection.isValid(5);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(URL_ENV + "=" + url + " is set but cannot be reached: " + ex.getMessage(),
					ex);
		}
		server = new Server(url, user, password, URL_ENV.toLowerCase(Locale.ROOT));
		return server;
	}

	private static void drop(Server db, String schema) {
		try (Connection connection = DriverManager.getConnection(db.url(), db.user(), db.password());
				Statement statement = connection.createStatement()) {
			statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
		}
		catch (SQLException ex) {
			// the container or server is already gone; nothing to clean
		}
	}

	private record Server(String url, String user, String password, String origin) {
	}

	/**
	 * @param url JDBC URL whose current schema is the fresh one
	 * @param origin where the server came from (Testcontainers or the environment variable)
	 */
	public record Settings(String url, String user, String password, String schema, String origin) {

		/** A new data source on the schema; share one instance between a transaction manager and its users. */
		public DataSource dataSource() {
			return new DriverManagerDataSource(this.url, this.user, this.password);
		}

	}

}
