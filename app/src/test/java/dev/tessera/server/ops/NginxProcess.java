package dev.tessera.server.ops;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Assumptions;

/**
 * Debian's nginx as a process of the test's own, running the project's {@code deploy/nginx/tessera.conf} with the
 * upstream servers and the listening port of the test put in place of the file's examples. Skipped without nginx,
 * except where the PostgreSQL tests are configured (CI), where a missing nginx fails.
 */
final class NginxProcess implements AutoCloseable {

	static final Path SHIPPED_CONFIG = Path.of("..", "deploy", "nginx", "tessera.conf");

	private final Process process;

	private final int port;

	private final Path directory;

	private NginxProcess(Process process, int port, Path directory) {
		this.process = process;
		this.port = port;
		this.directory = directory;
	}

	/** Starts nginx balancing over these local ports and waits until it listens. */
	static NginxProcess start(Path directory, List<Integer> upstreamPorts) throws IOException, InterruptedException {
		Path nginx = Path.of("/usr/sbin/nginx");
		if (!Files.isExecutable(nginx)) {
			String message = "needs Debian's nginx (/usr/sbin/nginx); bash .ci/run installs it (.ci/install-nginx.sh)";
			if (System.getenv("TESSERA_TEST_PG_URL") != null) {
				throw new IllegalStateException(message);
			}
			Assumptions.abort("load-balancer test skipped: " + message);
		}
		int port = freePort();
		Files.createDirectories(directory);
		String servers = upstreamPorts.stream()
			.map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
			.collect(Collectors.joining("\n"));
		String site = Files.readAllLines(SHIPPED_CONFIG)
			.stream()
			.filter(line -> !line.contains("# @upstream") || line.contains("tessera-1"))
			.map(line -> line.contains("# @upstream") ? servers : line)
			.map(line -> line.contains("# @listen") ? "    listen 127.0.0.1:" + port + ";" : line)
			.collect(Collectors.joining("\n"));
		Files.writeString(directory.resolve("tessera.conf"), site);
		String d = directory.toAbsolutePath().toString();
		boolean root = "root".equals(System.getProperty("user.name"));
		Files.writeString(directory.resolve("nginx.conf"), (root ? "user root;\n" : "") + """
				worker_processes 1;
				daemon off;
				pid %1$s/nginx.pid;
				error_log %1$s/error.log warn;
				events { worker_connections 1024; }
				http {
				    access_log %1$s/access.log;
				    client_body_temp_path %1$s/body;
				    proxy_temp_path %1$s/proxy;
				    fastcgi_temp_path %1$s/fastcgi;
				    uwsgi_temp_path %1$s/uwsgi;
				    scgi_temp_path %1$s/scgi;
				    # which server answered, so that the test can see requests spread over both
				    add_header X-Upstream $upstream_addr always;
				    include %1$s/tessera.conf;
				}
				""".formatted(d));
		Process process = new ProcessBuilder(nginx.toString(), "-p", d, "-c", d + "/nginx.conf", "-e",
				d + "/error.log")
			.redirectErrorStream(true)
			.redirectOutput(directory.resolve("nginx.out").toFile())
			.start();
		NginxProcess started = new NginxProcess(process, port, directory);
		long deadline = System.nanoTime() + 20_000_000_000L;
		while (true) {
			try (Socket socket = new Socket("127.0.0.1", port)) {
				return started;
			}
			catch (IOException notYet) {
				if (!process.isAlive() || System.nanoTime() > deadline) {
					started.close();
					throw new AssertionError("nginx did not start: " + started.errors());
				}
				Thread.sleep(50);
			}
		}
	}

	int port() {
		return this.port;
	}

	String errors() {
		try {
			Path out = this.directory.resolve("nginx.out");
			Path log = this.directory.resolve("error.log");
			return (Files.exists(out) ? Files.readString(out) : "") + (Files.exists(log) ? Files.readString(log) : "");
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
