package dev.tessera.retrieval.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A PostgreSQL server process this test starts, stops and starts again: a cluster of its own ({@code initdb} in a
 * temporary folder, a free loopback port), so fault tests can take the database away without touching the shared
 * server other tests use. Needs the PostgreSQL server binaries with pgvector ({@code bash .ci/run} installs both);
 * without them the test is skipped with a message, unless {@value PostgresTestDatabase#URL_ENV} is set (a machine
 * prepared for the PostgreSQL tests), where their absence fails it.
 * <p>
 * PostgreSQL refuses to run as root, so as root every server command runs as the {@code postgres} user.
 */
public final class OwnedPostgres implements AutoCloseable {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

	private final Path bin;

	private final Path dataDir;

	private final int port;

	private final boolean asPostgresUser;

	private OwnedPostgres(Path bin, Path dataDir, int port, boolean asPostgresUser) {
		this.bin = bin;
		this.dataDir = dataDir;
		this.port = port;
		this.asPostgresUser = asPostgresUser;
	}

	/** A new cluster, started, with an empty database {@code database} that has the vector extension. */
	public static OwnedPostgres start(String database) {
		Optional<Path> bin = serverBinaries();
		boolean prepared = System.getenv(PostgresTestDatabase.URL_ENV) != null;
		if (bin.isEmpty()) {
			String message = "needs the PostgreSQL server binaries (initdb, pg_ctl) with pgvector under /usr/lib/postgresql;"
					+ " bash .ci/run installs them";
			if (prepared) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort("PostgreSQL fault test skipped: " + message);
		}
		boolean root = "root".equals(System.getProperty("user.name"));
		Path dataDir = Path.of("/tmp", "tessera-pg-" + UUID.randomUUID().toString().substring(0, 8));
		OwnedPostgres server = new OwnedPostgres(bin.get(), dataDir, freePort(), root);
		server.run("initdb", "-D", dataDir.toString(), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
		server.startServer();
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + database);
		}
		catch (SQLException ex) {
			server.close();
			throw new IllegalStateException("cannot create database " + database + ": " + ex.getMessage(), ex);
		}
		try (Connection connection = DriverManager.getConnection(server.jdbcUrl(database), "postgres", "");
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE EXTENSION IF NOT EXISTS vector");
		}
		catch (SQLException ex) {
			server.close();
			throw new IllegalStateException("pgvector is not installed for " + bin.get() + ": " + ex.getMessage(), ex);
		}
		return server;
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	public int port() {
		return this.port;
	}

	/** Starts the stopped server and returns once it accepts connections. */
	public void startServer() {
		run("pg_ctl", "-D", this.dataDir.toString(), "-l", this.dataDir.resolve("server.log").toString(), "-w", "-t",
				"30", "-o", "-p " + this.port + " -c listen_addresses=127.0.0.1 -k " + this.dataDir, "start");
	}

	/**
	 * Stops the server the way an operator restarting it would ({@code fast}: sessions are ended, committed work is
	 * kept) and returns once it is down.
	 */
	public void stopServer() {
		run("pg_ctl", "-D", this.dataDir.toString(), "-m", "fast", "-w", "-t", "30", "stop");
	}

	/** The server's own log, for a failing test's message. */
	public String log() {
		try {
			return Files.readString(this.dataDir.resolve("server.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	@Override
	public void close() {
		try {
			run("pg_ctl", "-D", this.dataDir.toString(), "-m", "immediate", "-w", "stop");
		}
		catch (IllegalStateException ex) {
			// already stopped
		}
		try (Stream<Path> files = Files.walk(this.dataDir)) {
			files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary folder left behind is harmless
		}
	}

	private void run(String command, String... args) {
		List<String> line = new ArrayList<>();
		if (this.asPostgresUser) {
			line.addAll(List.of("runuser", "-u", "postgres", "--"));
		}
		line.add(this.bin.resolve(command).toString());
		line.addAll(List.of(args));
		try {
			Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
			// pg_ctl start leaves the server holding the pipe; read only what the command itself printed
			process.getOutputStream().close();
			if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", line) + " did not finish in " + COMMAND_TIMEOUT);
			}
			String output = new String(process.getInputStream().readNBytes(64 * 1024), StandardCharsets.UTF_8);
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", line) + " exited with " + process.exitValue() + ": "
						+ output);
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run " + line + ": " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while running " + line, ex);
		}
	}

	/** The newest installed major version whose extension folder has pgvector. */
	private static Optional<Path> serverBinaries() {
		Path root = Path.of("/usr/lib/postgresql");
		if (!Files.isDirectory(root)) {
			return Optional.empty();
		}
		try (Stream<Path> versions = Files.list(root)) {
			return versions
				.filter(version -> Files.isExecutable(version.resolve("bin/initdb"))
						&& Files.isExecutable(version.resolve("bin/pg_ctl"))
						&& Files.exists(Path.of("/usr/share/postgresql", version.getFileName().toString(),
								"extension/vector.control")))
				.max(Comparator.comparing(version -> version.getFileName().toString()))
				.map(version -> version.resolve("bin"));
		}
		catch (IOException ex) {
			return Optional.empty();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("no free port: " + ex.getMessage(), ex);
		}
	}

}
