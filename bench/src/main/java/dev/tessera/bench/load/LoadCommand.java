package dev.tessera.bench.load;

import java.io.IOException;
import java.io.InputStream;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.report.Report;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives the chat API with N concurrent clients for a fixed time and reports throughput, latency percentiles, the
 * error count and the route mix. Each client keeps one conversation for {@code --turns-per-conversation} messages,
 * cycling through the questions; only message round trips are timed. Targets loopback addresses only.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
		description = "Drive the chat API on loopback and report throughput and latency percentiles.")
public class LoadCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--url", defaultValue = "http://localhost:8080", description = "Server base URL (loopback only).")
	URI url;

	@Option(names = "--assistant", defaultValue = "ecommerce-support", description = "Assistant id.")
	String assistant;

	@Option(names = "--concurrency", defaultValue = "4", split = ",",
			description = "Concurrent clients; several (1,4,16,32,64) run one after another, each with its warm-up.")
	List<Integer> concurrency;

	@Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class,
			description = "Measured time, e.g. 30s or 2m.")
	Duration duration;

	@Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class,
			description = "Unmeasured time before measuring.")
	Duration warmup;

	@Option(names = "--questions", description = "File with one question per line, or FILE.csv:COLUMN for a CSV"
			+ " column (default: built-in questions for the demo assistants).")
	String questions;

	@Option(names = "--turns-per-conversation", defaultValue = "10",
			description = "Messages sent in one conversation before a client starts a new one.")
	int turnsPerConversation;

	@Option(names = "--out", defaultValue = "bench/target/reports/load.json", description = "JSON report path.")
	Path out;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@Override
	public Integer call() throws Exception {
		String host = this.url.getHost();
		if (!("localhost".equals(host) || host.startsWith("127.") || "[::1]".equals(host) || "::1".equals(host))) {
			System.err.println("load only targets loopback addresses (localhost, 127.0.0.0/8, ::1); got " + host);
			return 2;
		}
		if (this.concurrency.isEmpty() || this.concurrency.stream().anyMatch(c -> c < 1)) {
			System.err.println("--concurrency must be at least 1");
			return 2;
		}
		List<String> questionList = loadQuestions();
		startConversation(); // fail fast with a clear message when the server or assistant is missing
		List<Map<String, Object>> levels = new ArrayList<>();
		for (int clients : this.concurrency) {
			levels.add(level(clients, questionList));
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "load");
		report.put("timestamp", Instant.now().toString());
		report.put("url", this.url.toString());
		report.put("assistant", this.assistant);
		report.put("durationSeconds", this.duration.toNanos() / 1e9);
		report.put("warmupSeconds", this.warmup.toNanos() / 1e9);
		report.put("questions", questionList.size());
		report.put("levels", levels);
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
		Report.write(this.out, report, markdown(report, levels));
		return 0;
	}

	/** One concurrency level: its warm-up, then the measured time. */
	private Map<String, Object> level(int concurrency, List<String> questionList) throws Exception {
		Recorder latencies = new Recorder(3);
		Recorder serverLatencies = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		Map<String, AtomicLong> routes = new ConcurrentHashMap<>();
		Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
		long warmupEnds = System.nanoTime() + this.warmup.toNanos();
		long ends = warmupEnds + this.duration.toNanos();

		try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
			List<Future<?>> clients = new ArrayList<>();
			for (int c = 0; c < concurrency; c++) {
				// each client starts at its own stretch of the questions, so that clients seldom send the same text
				int offset = (int) ((long) c * questionList.size() / concurrency);
				clients.add(pool.submit(() -> {
					int turn = 0;
					String conversation = null;
					while (System.nanoTime() < ends) {
						boolean measured = System.nanoTime() >= warmupEnds;
						try {
							if (conversation == null || turn % this.turnsPerConversation == 0) {
								conversation = startConversation();
							}
							String question = questionList.get((offset + turn) % questionList.size());
							turn++;
							long started = System.nanoTime();
							HttpResponse<String> response = send(conversation, question);
							long micros = (System.nanoTime() - started) / 1_000;
							if (!measured) {
								continue;
							}
							if (response.statusCode() != 200) {
								errors.incrementAndGet();
								errorKinds.computeIfAbsent("HTTP " + response.statusCode(), k -> new AtomicLong())
									.incrementAndGet();
								continue;
							}
							latencies.recordValue(micros);
							JsonNode reply = JSON.readTree(response.body());
							serverLatencies.recordValue(Math.max(0, reply.path("latencyMs").asLong()) * 1_000);
							routes.computeIfAbsent(reply.path("route").asString("?"), k -> new AtomicLong())
								.incrementAndGet();
						}
						catch (IOException | RuntimeException ex) {
							if (measured) {
								errors.incrementAndGet();
								errorKinds.computeIfAbsent(ex.getClass().getSimpleName(), k -> new AtomicLong())
									.incrementAndGet();
							}
							conversation = null;
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
							return;
						}
					}
				}));
			}
			for (Future<?> client : clients) {
				client.get();
			}
		}
		Histogram histogram = latencies.getIntervalHistogram();
		Histogram server = serverLatencies.getIntervalHistogram();
		long ok = histogram.getTotalCount();
		double seconds = this.duration.toNanos() / 1e9;
		Map<String, Object> level = new LinkedHashMap<>();
		level.put("concurrency", concurrency);
		level.put("requests", ok + errors.get());
		level.put("errors", errors.get());
		level.put("errorKinds", counts(errorKinds));
		level.put("throughputPerSecond", round(ok / seconds));
		level.put("latencyMs", percentiles(histogram));
		level.put("serverTurnLatencyMs", percentiles(server));
		level.put("routes", counts(routes));
		return level;
	}

	@SuppressWarnings("unchecked")
	private String markdown(Map<String, Object> r, List<Map<String, Object>> levels) {
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
				## load: %s, %s s per level, %s distinct questions

				| clients | requests | errors | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | server turn p50 ms (whole ms) | server turn p99 ms (whole ms) |
				|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|
				""", r.get("assistant"), r.get("durationSeconds"), r.get("questions")));
		for (Map<String, Object> level : levels) {
			Map<String, Object> latency = (Map<String, Object>) level.get("latencyMs");
			Map<String, Object> server = (Map<String, Object>) level.get("serverTurnLatencyMs");
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
					level.get("concurrency"), level.get("requests"), level.get("errors"),
					level.get("throughputPerSecond"), latency.get("p50"), latency.get("p95"), latency.get("p99"),
					latency.get("max"), server.get("p50"), server.get("p99")));
		}
		md.append('\n');
		for (Map<String, Object> level : levels) {
			md.append(String.format(Locale.ROOT, "%s clients: routes %s; errors %s.%n", level.get("concurrency"),
					level.get("routes"), level.get("errorKinds")));
		}
		return md.toString();
	}

	private static Map<String, Object> percentiles(Histogram h) {
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("count", h.getTotalCount());
		p.put("mean", round(h.getMean() / 1_000));
		for (double q : new double[] { 50, 95, 99 }) {
			p.put("p" + (int) q, round(h.getValueAtPercentile(q) / 1_000.0));
		}
		p.put("max", round(h.getMaxValue() / 1_000.0));
		return p;
	}

	private static Map<String, Long> counts(Map<String, AtomicLong> counters) {
		Map<String, Long> sorted = new TreeMap<>();
		counters.forEach((key, value) -> sorted.put(key, value.get()));
		return sorted;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	private List<String> loadQuestions() throws IOException {
		List<String> lines;
		if (this.questions != null && this.questions.matches("(?i).+\\.csv:[^:/\\\\]+")) {
			int colon = this.questions.lastIndexOf(':');
			lines = CsvColumn.read(Path.of(this.questions.substring(0, colon)), this.questions.substring(colon + 1), 0);
		}
		else if (this.questions != null) {
			lines = Files.readAllLines(Path.of(this.questions), StandardCharsets.UTF_8);
		}
		else {
			try (InputStream in = LoadCommand.class.getResourceAsStream("/load/" + this.assistant + ".txt")) {
				if (in == null) {
					throw new IllegalArgumentException("no built-in questions for assistant '" + this.assistant
							+ "'; pass --questions FILE");
				}
				lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
			}
		}
		List<String> result = lines.stream().map(String::strip).filter(line -> !line.isEmpty()).distinct().toList();
		if (result.isEmpty()) {
			throw new IllegalArgumentException("no questions to send");
		}
		return result;
	}

	private String startConversation() throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(this.url.resolve("/api/v1/assistants/" + this.assistant + "/conversations"))
					.POST(HttpRequest.BodyPublishers.noBody())
					.timeout(Duration.ofSeconds(30))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("cannot start a conversation with '" + this.assistant + "' at " + this.url
					+ ": HTTP " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body()).path("id").asString();
	}

	private HttpResponse<String> send(String conversation, String question) throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(Map.of("message", question));
		return this.client.send(HttpRequest.newBuilder(this.url.resolve("/api/v1/conversations/" + conversation + "/messages"))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

}
