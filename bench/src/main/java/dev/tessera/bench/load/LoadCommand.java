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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

	@Option(names = "--api-key", description = "API key sent as a Bearer token (the postgres profile requires one).")
	String apiKey;

	@Option(names = "--overload", defaultValue = "0",
			description = "After the levels, offer this many times the last level's throughput as an open loop (requests"
					+ " sent at a fixed rate whatever the answers take) and report what was accepted and refused.")
	double overload;

	@Option(names = "--compare-url",
			description = "A second server (loopback), measured in turns with the first at every level: rounds of"
					+ " A B, then B A, ..., so that the machine's drift over the run weighs on both alike. The report"
					+ " gives each server's rate per round and their ratio.")
	URI compareUrl;

	@Option(names = "--compare-api-key", description = "The second server's API key (default: --api-key).")
	String compareApiKey;

	@Option(names = "--rounds", defaultValue = "3",
			description = "With --compare-url: measurements of each server per level, alternating which goes first.")
	int rounds;

	@Option(names = "--server-pid",
			description = "The server's process id (same machine): its resident memory is sampled every 250 ms and"
					+ " reported per phase, to show whether overload grows it.")
	Long serverPid;

	private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	/** A server the load is sent to, with the key it wants (null: none). */
	record Target(URI url, String apiKey) {
	}

	private Target primary() {
		return new Target(this.url, this.apiKey);
	}

	private static boolean loopback(URI url) {
		String host = url.getHost();
		return host != null && ("localhost".equals(host) || host.startsWith("127.") || "[::1]".equals(host)
				|| "::1".equals(host));
	}

	@Override
	@SuppressWarnings("unchecked")
	public Integer call() throws Exception {
		for (URI target : this.compareUrl == null ? List.of(this.url) : List.of(this.url, this.compareUrl)) {
			if (!loopback(target)) {
				System.err.println(
						"load only targets loopback addresses (localhost, 127.0.0.0/8, ::1); got " + target.getHost());
				return 2;
			}
		}
		if (this.compareUrl != null && (this.rounds < 1 || this.overload > 0 || this.serverPid != null)) {
			System.err.println("--compare-url takes --rounds of at least 1, and neither --overload nor --server-pid");
			return 2;
		}
		if (this.concurrency.isEmpty() || this.concurrency.stream().anyMatch(c -> c < 1)) {
			System.err.println("--concurrency must be at least 1");
			return 2;
		}
		List<String> questionList = loadQuestions();
		startConversation(primary()); // fail fast with a clear message when the server or assistant is missing
		if (this.compareUrl != null) {
			return compare(questionList);
		}
		ResidentMemory memory = this.serverPid == null ? null : ResidentMemory.sample(this.serverPid);
		List<Map<String, Object>> levels = new ArrayList<>();
		if (memory != null) {
			memory.phase("before the load");
			Thread.sleep(1_000);
		}
		for (int clients : this.concurrency) {
			if (memory != null) {
				memory.phase(clients + " clients");
			}
			levels.add(level(primary(), clients, questionList));
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
		Map<String, Object> overloaded = null;
		if (this.overload > 0) {
			if (memory != null) {
				memory.phase("overload");
			}
			overloaded = overload(levels.get(levels.size() - 1), questionList);
			report.put("overload", overloaded);
		}
		if (memory != null) {
			memory.phase("10 s after");
			Thread.sleep(10_000);
			report.put("serverResidentMemoryMb", memory.stop());
		}
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
		Report.write(this.out, report, markdown(report, levels)
				+ (overloaded == null ? "" : overloadMarkdown(overloaded)) + (memory == null ? ""
						: ResidentMemory.markdown((Map<String, Map<String, Double>>) report.get("serverResidentMemoryMb"))));
		return 0;
	}

	/** One concurrency level: its warm-up, then the measured time. */
	private Map<String, Object> level(Target target, int concurrency, List<String> questionList) throws Exception {
		Recorder latencies = new Recorder(3);
		Recorder serverLatencies = new Recorder(3);
		AtomicLong errors = new AtomicLong();
		Map<String, AtomicLong> routes = new ConcurrentHashMap<>();
		Map<String, AtomicLong> errorKinds = new ConcurrentHashMap<>();
		long warmupEnds = System.nanoTime() + this.warmup.toNanos();
		long ends = warmupEnds + this.duration.toNanos();
		AtomicLong cpuAtStart = new AtomicLong(-1);

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
						if (measured && cpuAtStart.get() < 0) {
							cpuAtStart.compareAndSet(-1, processCpuNanos());
						}
						try {
							if (conversation == null || turn % this.turnsPerConversation == 0) {
								conversation = startConversation(target);
							}
							String question = questionList.get((offset + turn) % questionList.size());
							turn++;
							long started = System.nanoTime();
							HttpResponse<String> response = send(target, conversation, question);
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
		level.put("generatorCpuCores", round((processCpuNanos() - cpuAtStart.get()) / 1e9 / seconds));
		return level;
	}

	/**
	 * Two servers on one machine, each level measured {@code --rounds} times per server in turns (A B, B A, A B, …):
	 * the machine's speed drifts by a fifth or more within minutes here, so two servers measured one after the other
	 * differ by when they ran; measured in alternation, a steady drift weighs on both alike and each round's ratio
	 * compares two measurements taken side by side.
	 */
	@SuppressWarnings("unchecked")
	private Integer compare(List<String> questionList) throws Exception {
		Target first = primary();
		Target second = new Target(this.compareUrl, this.compareApiKey != null ? this.compareApiKey : this.apiKey);
		startConversation(second);
		List<Map<String, Object>> levels = new ArrayList<>();
		for (int clients : this.concurrency) {
			List<Map<String, Object>> a = new ArrayList<>();
			List<Map<String, Object>> b = new ArrayList<>();
			for (int round = 0; round < this.rounds; round++) {
				boolean firstLeads = round % 2 == 0;
				Map<String, Object> lead = level(firstLeads ? first : second, clients, questionList);
				Map<String, Object> follow = level(firstLeads ? second : first, clients, questionList);
				a.add(firstLeads ? lead : follow);
				b.add(firstLeads ? follow : lead);
			}
			List<Double> ratios = new ArrayList<>();
			for (int round = 0; round < this.rounds; round++) {
				double rateA = ((Number) a.get(round).get("throughputPerSecond")).doubleValue();
				double rateB = ((Number) b.get(round).get("throughputPerSecond")).doubleValue();
				ratios.add(rateA == 0 ? Double.NaN : round(rateB / rateA));
			}
			Map<String, Object> level = new LinkedHashMap<>();
			level.put("concurrency", clients);
			level.put("a", a);
			level.put("b", b);
			level.put("bOverA", ratios);
			level.put("bOverAMean",
					round(ratios.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN)));
			levels.add(level);
		}
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "load");
		report.put("timestamp", Instant.now().toString());
		report.put("url", this.url.toString());
		report.put("compareUrl", this.compareUrl.toString());
		report.put("assistant", this.assistant);
		report.put("durationSeconds", this.duration.toNanos() / 1e9);
		report.put("warmupSeconds", this.warmup.toNanos() / 1e9);
		report.put("rounds", this.rounds);
		report.put("questions", questionList.size());
		report.put("levels", levels);
		report.put("machine", Map.of("cores", Runtime.getRuntime().availableProcessors(), "java",
				System.getProperty("java.version"), "os", System.getProperty("os.name") + " " + System.getProperty("os.arch")));
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """
				## load, two servers in alternation: %s, %s s per measurement, %d rounds, %s distinct questions

				A = %s, B = %s; each round measures both, the first of them alternating (A B, B A, …).

				| clients | A turns/s by round | B turns/s by round | B ÷ A by round | B ÷ A mean | A p99 ms by round | B p99 ms by round | errors A / B |
				|---:|---|---|---|---:|---|---|---|
				""", this.assistant, this.duration.toNanos() / 1e9, this.rounds, questionList.size(), this.url,
				this.compareUrl));
		for (Map<String, Object> level : levels) {
			List<Map<String, Object>> a = (List<Map<String, Object>>) level.get("a");
			List<Map<String, Object>> b = (List<Map<String, Object>>) level.get("b");
			md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s / %s |%n",
					level.get("concurrency"), joined(a, "throughputPerSecond"), joined(b, "throughputPerSecond"),
					((List<Double>) level.get("bOverA")).stream()
						.map(String::valueOf)
						.collect(java.util.stream.Collectors.joining(", ")),
					level.get("bOverAMean"), joinedP99(a), joinedP99(b), total(a, "errors"), total(b, "errors")));
		}
		Report.write(this.out, report, md.toString());
		return 0;
	}

	private static String joined(List<Map<String, Object>> measurements, String key) {
		return measurements.stream()
			.map(m -> String.valueOf(m.get(key)))
			.collect(java.util.stream.Collectors.joining(", "));
	}

	@SuppressWarnings("unchecked")
	private static String joinedP99(List<Map<String, Object>> measurements) {
		return measurements.stream()
			.map(m -> String.valueOf(((Map<String, Object>) m.get("latencyMs")).get("p99")))
			.collect(java.util.stream.Collectors.joining(", "));
	}

	private static long total(List<Map<String, Object>> measurements, String key) {
		return measurements.stream().mapToLong(m -> ((Number) m.get(key)).longValue()).sum();
	}

	/**
	 * An open loop at {@code --overload} times the measured capacity: requests leave at a fixed rate on their own
	 * threads (at most 30 s each), so a slow server cannot slow the offered load down, as it does with closed-loop
	 * clients. The load generator's own CPU is measured, since it shares the machine.
	 */
	@SuppressWarnings("unchecked")
	private Map<String, Object> overload(Map<String, Object> capacityLevel, List<String> questionList) throws Exception {
		double capacity = ((Number) capacityLevel.get("throughputPerSecond")).doubleValue();
		double unloadedP99 = ((Number) ((Map<String, Object>) capacityLevel.get("latencyMs")).get("p99")).doubleValue();
		double rate = capacity * this.overload;
		List<String> conversations = new ArrayList<>();
		for (int i = 0; i < 256; i++) {
			conversations.add(startConversation(primary()));
		}
		Recorder accepted = new Recorder(3);
		Recorder refused = new Recorder(3);
		Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
		AtomicLong withoutRetryAfter = new AtomicLong();
		AtomicInteger inFlight = new AtomicInteger();
		AtomicInteger maxInFlight = new AtomicInteger();
		// a generator cannot hold unbounded requests open either; past this many it counts what it could not send
		Semaphore open = new Semaphore(8_192);
		long warmupEnds = System.nanoTime() + this.warmup.toNanos();
		long ends = warmupEnds + this.duration.toNanos();
		long interval = (long) (1e9 / rate);
		long cpuAtStart = 0;
		boolean measuring = false;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			long next = System.nanoTime();
			for (long n = 0; next < ends; n++) {
				long wait = next - System.nanoTime();
				if (wait > 0) {
					TimeUnit.NANOSECONDS.sleep(wait);
				}
				boolean measured = System.nanoTime() >= warmupEnds;
				if (measured && !measuring) {
					measuring = true;
					cpuAtStart = processCpuNanos();
				}
				next += interval;
				if (!open.tryAcquire()) {
					if (measured) {
						outcomes.computeIfAbsent("not sent (generator limit)", k -> new AtomicLong()).incrementAndGet();
					}
					continue;
				}
				String conversation = conversations.get((int) (n % conversations.size()));
				String question = questionList.get((int) (n % questionList.size()));
				threads.submit(() -> {
					maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
					long started = System.nanoTime();
					String outcome;
					try {
						HttpResponse<String> response = send(primary(), conversation, question);
						long micros = (System.nanoTime() - started) / 1_000;
						outcome = "HTTP " + response.statusCode();
						if (measured && response.statusCode() == 200) {
							accepted.recordValue(micros);
						}
						else if (measured) {
							refused.recordValue(micros);
							if (response.headers().firstValue("Retry-After").isEmpty()) {
								withoutRetryAfter.incrementAndGet();
							}
						}
					}
					catch (IOException | RuntimeException ex) {
						outcome = ex.getClass().getSimpleName();
					}
					catch (InterruptedException ex) {
						Thread.currentThread().interrupt();
						outcome = "interrupted";
					}
					finally {
						inFlight.decrementAndGet();
						open.release();
					}
					if (measured) {
						outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
					}
				});
			}
		}
		double cpuSeconds = (processCpuNanos() - cpuAtStart) / 1e9;
		double seconds = this.duration.toNanos() / 1e9;
		Histogram ok = accepted.getIntervalHistogram();
		Histogram no = refused.getIntervalHistogram();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("factor", this.overload);
		result.put("capacityPerSecond", capacity);
		result.put("capacityClients", capacityLevel.get("concurrency"));
		result.put("capacityGeneratorCpuCores", capacityLevel.get("generatorCpuCores"));
		result.put("unloadedP99Ms", unloadedP99);
		result.put("offeredPerSecond", round(rate));
		result.put("acceptedPerSecond", round(ok.getTotalCount() / seconds));
		result.put("acceptedShareOfCapacity", round(ok.getTotalCount() / seconds / capacity));
		result.put("acceptedLatencyMs", percentiles(ok));
		result.put("acceptedP99OverUnloadedP99", round(ok.getValueAtPercentile(99) / 1_000.0 / unloadedP99));
		result.put("refusedLatencyMs", percentiles(no));
		result.put("refusedWithoutRetryAfter", withoutRetryAfter.get());
		result.put("outcomes", counts(outcomes));
		result.put("maxInFlight", maxInFlight.get());
		result.put("generatorCpuCores", round(cpuSeconds / seconds));
		// on one machine the generator takes CPU from the server: the share per core left to the server as well
		int cores = Runtime.getRuntime().availableProcessors();
		double capacityCores = cores - ((Number) capacityLevel.get("generatorCpuCores")).doubleValue();
		double overloadCores = cores - cpuSeconds / seconds;
		result.put("acceptedShareOfCapacityPerServerCore",
				round(ok.getTotalCount() / seconds / overloadCores / (capacity / capacityCores)));
		return result;
	}

	@SuppressWarnings("unchecked")
	private static String overloadMarkdown(Map<String, Object> o) {
		Map<String, Object> ok = (Map<String, Object>) o.get("acceptedLatencyMs");
		Map<String, Object> no = (Map<String, Object>) o.get("refusedLatencyMs");
		return String.format(Locale.ROOT, """

				### overload: %s × the capacity measured at %s clients, offered as an open loop

				| figure | value |
				|---|---:|
				| capacity (closed loop), turns/s | %s |
				| offered, requests/s | %s |
				| accepted, turns/s | %s (%s of capacity; %s per core left to the server) |
				| accepted p50 / p99 / max ms | %s / %s / %s |
				| accepted p99 over the unloaded p99 (%s ms) | %s |
				| refused p50 / p99 / max ms | %s / %s / %s |
				| refused without Retry-After | %s |
				| outcomes | %s |
				| most requests open at once | %s |
				| load generator's CPU, cores (at capacity / overloaded) | %s / %s |
				""", o.get("factor"), o.get("capacityClients"), o.get("capacityPerSecond"), o.get("offeredPerSecond"),
				o.get("acceptedPerSecond"), o.get("acceptedShareOfCapacity"),
				o.get("acceptedShareOfCapacityPerServerCore"), ok.get("p50"), ok.get("p99"),
				ok.get("max"), o.get("unloadedP99Ms"), o.get("acceptedP99OverUnloadedP99"), no.get("p50"),
				no.get("p99"), no.get("max"), o.get("refusedWithoutRetryAfter"), o.get("outcomes"),
				o.get("maxInFlight"), o.get("capacityGeneratorCpuCores"), o.get("generatorCpuCores"));
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

	private String startConversation(Target target) throws IOException, InterruptedException {
		HttpResponse<String> response = this.client.send(
				authorized(target, HttpRequest.newBuilder(
						target.url().resolve("/api/v1/assistants/" + this.assistant + "/conversations")))
					.POST(HttpRequest.BodyPublishers.noBody())
					.timeout(Duration.ofSeconds(30))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 201) {
			throw new IllegalStateException("cannot start a conversation with '" + this.assistant + "' at "
					+ target.url() + ": HTTP " + response.statusCode() + " " + response.body());
		}
		return JSON.readTree(response.body()).path("id").asString();
	}

	private HttpResponse<String> send(Target target, String conversation, String question)
			throws IOException, InterruptedException {
		String body = JSON.writeValueAsString(Map.of("message", question));
		return this.client.send(authorized(target,
				HttpRequest.newBuilder(target.url().resolve("/api/v1/conversations/" + conversation + "/messages")))
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** CPU time of this process (the load generator), for what it takes from a server on the same machine. */
	private static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
			.getOperatingSystemMXBean()).getProcessCpuTime();
	}

	private static HttpRequest.Builder authorized(Target target, HttpRequest.Builder request) {
		return target.apiKey() == null ? request : request.header("Authorization", "Bearer " + target.apiKey());
	}

}
