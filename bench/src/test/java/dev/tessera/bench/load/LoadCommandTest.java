package dev.tessera.bench.load;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import dev.tessera.bench.BenchCommand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoadCommandTest {

	@Test
	void reads_the_usual_duration_spellings() {
		DurationConverter converter = new DurationConverter();

		assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
		assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
		assertThat(converter.convert("250ms")).isEqualTo(Duration.ofMillis(250));
		assertThat(converter.convert("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
		assertThatThrownBy(() -> converter.convert("soon")).hasMessageContaining("'soon' is not a duration");
	}

	@Test
	void refuses_to_send_load_anywhere_but_loopback() {
		StringWriter err = new StringWriter();
		CommandLine command = new CommandLine(new BenchCommand()).setErr(new PrintWriter(err));

		int exit = command.execute("load", "--url", "http://192.168.1.10:8080", "--duration", "1s");

		assertThat(exit).isEqualTo(2);
	}

	@Test
	void two_servers_are_measured_in_alternation_and_compared_round_by_round(@TempDir Path dir) throws Exception {
		// stand-ins for two servers' chat API: the same answers, one four times slower
		HttpServer fast = chatServer(2);
		HttpServer slow = chatServer(8);
		try {
			Path report = dir.resolve("load.json");
			int exit = new CommandLine(new BenchCommand()).execute("load", "--url",
					"http://127.0.0.1:" + fast.getAddress().getPort(), "--compare-url",
					"http://127.0.0.1:" + slow.getAddress().getPort(), "--questions", questions(dir).toString(),
					"--concurrency", "2", "--duration", "1s", "--warmup", "0s", "--rounds", "2", "--out",
					report.toString());

			assertThat(exit).isZero();
			JsonNode level = tools.jackson.databind.json.JsonMapper.builder().build().readTree(report.toFile())
				.path("levels").get(0);
			assertThat(level.path("a")).hasSize(2).allSatisfy(round -> assertThat(round.path("requests").asLong()).isPositive());
			assertThat(level.path("b")).hasSize(2).allSatisfy(round -> assertThat(round.path("requests").asLong()).isPositive());
			assertThat(level.path("bOverA")).hasSize(2)
				.allSatisfy(ratio -> assertThat(ratio.asDouble()).isBetween(0.05, 0.7));
			assertThat(Files.readString(dir.resolve("load.md"))).contains("two servers in alternation");
		}
		finally {
			fast.stop(0);
			slow.stop(0);
		}
	}

	@Test
	void a_comparison_also_stays_on_loopback() {
		int exit = new CommandLine(new BenchCommand()).setErr(new PrintWriter(new StringWriter()))
			.execute("load", "--compare-url", "http://10.0.0.7:8080", "--duration", "1s");

		assertThat(exit).isEqualTo(2);
	}

	private static Path questions(Path dir) throws java.io.IOException {
		return Files.writeString(dir.resolve("questions.txt"), "where is my order?\nhow do I return a kettle?\n");
	}

	/** Answers the two calls the load makes: a new conversation, and a message after {@code millis}. */
	private static HttpServer chatServer(int millis) throws java.io.IOException {
		HttpServer server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
		server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
		server.createContext("/api/v1/assistants/", exchange -> {
			byte[] body = "{\"id\":\"c1\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(201, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.createContext("/api/v1/conversations/", exchange -> {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			exchange.getRequestBody().readAllBytes();
			byte[] body = ("{\"route\":\"ANSWER_LOCAL\",\"latencyMs\":" + millis + "}")
				.getBytes(java.nio.charset.StandardCharsets.UTF_8);
			exchange.sendResponseHeaders(200, body.length);
			exchange.getResponseBody().write(body);
			exchange.close();
		});
		server.start();
		return server;
	}

}
