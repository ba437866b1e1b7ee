package dev.tessera.server.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.tessera.server.TesseraServerApplication;

/**
 * The server as a process of its own, for fault tests that signal or kill it: started from this test run's own
 * classpath (the classes under test, not a jar built earlier), on a free port, with its output in a file.
 */
final class ServerProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private final Path log;

	private ServerProcess(Process process, int port, Path log) {
		this.process = process;
		this.port = port;
		this.log = log;
	}

	/** Starts the server with these arguments (Spring Boot's {@code --name=value}) and waits until it is up. */
	static ServerProcess start(Path dataDir, String... arguments) throws IOException, InterruptedException {
		int port = freePort();
		Files.createDirectories(dataDir);
		Path log = dataDir.resolve("server-" + System.nanoTime() + ".log");
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx1g", "--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector",
				"-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-Dai.djl.offline=true", "-cp",
				System.getProperty("java.class.path"), TesseraServerApplication.class.getName(), "--server.port=" + port,
				"--tessera.data-dir=" + dataDir.toAbsolutePath()));
		command.addAll(List.of(arguments));
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		ServerProcess server = new ServerProcess(process, port, log);
		server.awaitUp(Duration.ofSeconds(120));
		return server;
	}

	int port() {
		return this.port;
	}

	Process process() {
		return this.process;
	}

	String log() {
		try {
			return Files.readString(this.log);
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	/** SIGTERM, as a container platform stops a server. */
	void terminate() {
		this.process.destroy();
	}

	/** SIGKILL: no shutdown hook, no flush, nothing. */
	void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** Waits for the process to end; its exit code. */
	int awaitExit(Duration timeout) throws InterruptedException {
		if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
			throw new AssertionError("the server did not stop within " + timeout + "; its log:\n" + tail());
		}
		return this.process.exitValue();
	}

	String tail() {
		String text = log();
		return text.length() > 6000 ? text.substring(text.length() - 6000) : text;
	}

	private void awaitUp(Duration timeout) throws InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + timeout.toNanos();
		while (System.nanoTime() < deadline) {
			if (!this.process.isAlive()) {
				throw new AssertionError("the server exited with " + this.process.exitValue() + ":\n" + tail());
			}
			try {
				HttpResponse<String> health = client.send(
						HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/health"))
							.timeout(Duration.ofSeconds(2))
							.build(),
						HttpResponse.BodyHandlers.ofString());
				if (health.statusCode() == 200) {
					return;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(250);
		}
		this.process.destroyForcibly();
		throw new AssertionError("the server was not up within " + timeout + ":\n" + tail());
	}

	@Override
	public void close() throws InterruptedException {
		if (this.process.isAlive()) {
			kill();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
