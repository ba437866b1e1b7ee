package dev.tessera.bench.conversations;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.report.Report;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Replays scripted multi-turn conversations through a running server's chat API and reports how many turns and whole
 * conversations went as scripted: the route, the tool's outcome (the {@code tools} step of the trail) and a phrase
 * the reply must contain. Also counts tool outcomes and follow-up questions, and the client-side latency per turn.
 * <p>
 * The file is JSON Lines, one conversation a line:
 * {@code {"name": "...", "turns": [{"user": "...", "route": "ANSWER_LOCAL", "tool": "order-status:shipped",
 * "contains": "SP-ZJBC-5521"}]}}; {@code tool} is {@code "none"} when no tool may be involved, absent when either is
 * fine. The server must have the demo store (its data is reset at every start, so run against a fresh start).
 */
@Command(name = "conversations", mixinStandardHelpOptions = true,
		description = "Scripted multi-turn conversations through the chat API: turns and conversations as scripted, tool outcomes, latency.")
public class ConversationsCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (loopback only).")
	URI url;

	@Option(names = "--assistant", defaultValue = "ecommerce-support", description = "Assistant id.")
	String assistant;

	@Option(names = "--file", required = true, description = "Conversations, JSON Lines (see the command's description).")
	Path file;

	@Option(names = "--api-key", description = "Chat API key (a server without anonymous chat needs one).")
	String apiKey;

	@Option(names = "--out", defaultValue = "bench/target/reports/conversations.json", description = "JSON report path.")
	Path out;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Override
	public Integer call() throws Exception {
		String host = this.url.getHost();
		if (!("localhost".equals(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host))) {
			System.err.println("conversations only targets loopback addresses (localhost, 127.0.0.0/8, ::1); got " + host);
			return 2;
		}
		List<Script> scripts = read(this.file);
		int turns = 0;
		int turnsRight = 0;
		int conversationsRight = 0;
		int followUps = 0;
		Map<String, Integer> toolOutcomes = new TreeMap<>();
		Map<String, Integer> routes = new TreeMap<>();
		List<Long> latencies = new ArrayList<>();
		List<Map<String, Object>> misses = new ArrayList<>();
		for (Script script : scripts) {
			String conversation = start();
			boolean allRight = true;
			for (int i = 0; i < script.turns().size(); i++) {
				Turn turn = script.turns().get(i);
				long started = System.nanoTime();
				JsonNode reply = send(conversation, turn.user());
				latencies.add((System.nanoTime() - started) / 1_000);
				turns++;
				String route = reply.path("route").asString();
				routes.merge(route, 1, Integer::sum);
				String tool = "none";
				for (JsonNode step : reply.path("trail")) {
					if (step.path("stage").asString().equals("tools")) {
						tool = step.path("outcome").asString();
					}
				}
				if (!tool.equals("none")) {
					toolOutcomes.merge(tool, 1, Integer::sum);
				}
				if (tool.endsWith(":needs-slots")) {
					followUps++;
				}
				String text = reply.path("text").asString();
				List<String> wrong = new ArrayList<>();
				if (!turn.route().equals(route)) {
					wrong.add("route " + route);
				}
				if (turn.tool() != null && !turn.tool().equals(tool)) {
					wrong.add("tool " + tool);
				}
				if (turn.contains() != null && !text.contains(turn.contains())) {
					wrong.add("text without \"" + turn.contains() + "\"");
				}
				if (wrong.isEmpty()) {
					turnsRight++;
				}
				else {
					allRight = false;
					Map<String, Object> miss = new LinkedHashMap<>();
					miss.put("conversation", script.name());
					miss.put("turn", i + 1);
					miss.put("user", turn.user());
					miss.put("expected", turn.route() + (turn.tool() == null ? "" : " " + turn.tool()));
					miss.put("got", String.join("; ", wrong));
					miss.put("reason", reply.path("routeReason").asString());
					misses.add(miss);
				}
			}
			if (allRight) {
				conversationsRight++;
			}
		}
		latencies.sort(null);
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "conversations");
		report.put("timestamp", Instant.now().toString());
		report.put("url", this.url.toString());
		report.put("assistant", this.assistant);
		report.put("file", this.file.toString());
		report.put("conversations", scripts.size());
		report.put("conversationsAsScripted", conversationsRight);
		report.put("turns", turns);
		report.put("turnsAsScripted", turnsRight);
		report.put("turnAccuracy", round((double) turnsRight / turns));
		report.put("conversationSuccess", round((double) conversationsRight / scripts.size()));
		report.put("followUpQuestions", followUps);
		report.put("toolOutcomes", toolOutcomes);
		report.put("routes", routes);
		report.put("latencyMs", Map.of("p50", percentile(latencies, 0.5), "p95", percentile(latencies, 0.95), "max",
				percentile(latencies, 1.0)));
		report.put("misses", misses);
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version")));
		Report.write(this.out, report, markdown(report, misses));
		return 0;
	}

	private String markdown(Map<String, Object> report, List<Map<String, Object>> misses) {
		@SuppressWarnings("unchecked")
		Map<String, Object> latency = (Map<String, Object>) report.get("latencyMs");
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## conversations: %s on %s%n%n| conversations | as scripted | turns | as scripted | turn accuracy | "
						+ "follow-up questions | p50 ms | p95 ms |%n|---:|---:|---:|---:|---:|---:|---:|---:|%n"
						+ "| %s | %s | %s | %s | %.3f | %s | %.1f | %.1f |%n%nTool outcomes: %s%n%nRoutes: %s%n",
				this.assistant, this.file.getFileName(), report.get("conversations"),
				report.get("conversationsAsScripted"), report.get("turns"), report.get("turnsAsScripted"),
				report.get("turnAccuracy"), report.get("followUpQuestions"), latency.get("p50"), latency.get("p95"),
				report.get("toolOutcomes"), report.get("routes")));
		if (!misses.isEmpty()) {
			md.append(String.format(Locale.ROOT, "%nTurns not as scripted:%n%n"));
			for (Map<String, Object> miss : misses) {
				md.append(String.format(Locale.ROOT, "- %s, turn %s, \"%s\": expected %s, got %s (%s)%n",
						miss.get("conversation"), miss.get("turn"), miss.get("user"), miss.get("expected"),
						miss.get("got"), miss.get("reason")));
			}
		}
		return md.toString();
	}

	private String start() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				request("/api/v1/assistants/" + this.assistant + "/conversations").POST(HttpRequest.BodyPublishers.noBody())
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("cannot start a conversation with '" + this.assistant + "' at " + this.url
					+ ": HTTP " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body()).path("id").asString();
	}

	private JsonNode send(String conversation, String message) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(request("/api/v1/conversations/" + conversation + "/messages")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("message", message)),
					StandardCharsets.UTF_8))
			.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
		if (response.statusCode() != 200) {
			throw new IllegalStateException("turn failed: HTTP " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body());
	}

	private HttpRequest.Builder request(String path) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(this.url.resolve(path)).timeout(Duration.ofSeconds(60));
		if (this.apiKey != null) {
			builder.header("Authorization", "Bearer " + this.apiKey);
		}
		return builder;
	}

	static List<Script> read(Path file) throws IOException {
		List<Script> scripts = new ArrayList<>();
		int line = 0;
		for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
			line++;
			if (text.isBlank()) {
				continue;
			}
			JsonNode node = JSON.readTree(text);
			List<Turn> turns = new ArrayList<>();
			for (JsonNode turn : node.path("turns")) {
				if (!turn.hasNonNull("user") || !turn.hasNonNull("route")) {
					throw new IllegalArgumentException(file + " line " + line + ": every turn needs user and route");
				}
				turns.add(new Turn(turn.path("user").asString(), turn.path("route").asString(),
						turn.hasNonNull("tool") ? turn.path("tool").asString() : null,
						turn.hasNonNull("contains") ? turn.path("contains").asString() : null));
			}
			if (turns.isEmpty()) {
				throw new IllegalArgumentException(file + " line " + line + ": a conversation needs turns");
			}
			scripts.add(new Script(node.path("name").asString("line " + line), turns));
		}
		if (scripts.isEmpty()) {
			throw new IllegalArgumentException(file + " holds no conversations");
		}
		return scripts;
	}

	private static double percentile(List<Long> sortedMicros, double q) {
		if (sortedMicros.isEmpty()) {
			return 0;
		}
		int index = (int) Math.ceil(q * sortedMicros.size()) - 1;
		return round(sortedMicros.get(Math.max(0, Math.min(sortedMicros.size() - 1, index))) / 1000.0);
	}

	private static double round(double value) {
		return Math.round(value * 1000) / 1000.0;
	}

	record Script(String name, List<Turn> turns) {
	}

	record Turn(String user, String route, String tool, String contains) {
	}

}
