package dev.tessera.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A server process's resident memory (VmRSS of {@code /proc/<pid>/status}, Linux), sampled every 250 ms and kept per
 * phase as first, max and last: whether a load grows the server's memory and whether it comes back down. Read from
 * the kernel rather than the server's metrics endpoint, which needs an operator's credentials and sees the heap only.
 */
final class ResidentMemory {

	private final Path status;

	private final ScheduledExecutorService sampler;

	private final Map<String, double[]> phases = new LinkedHashMap<>();

	private volatile String phase = "start";

	private ResidentMemory(long pid) {
		this.status = Path.of("/proc", Long.toString(pid), "status");
		if (!Files.isReadable(this.status)) {
			throw new IllegalArgumentException("--server-pid " + pid + ": no readable " + this.status);
		}
		this.sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "rss-sampler");
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleAtFixedRate(this::sampleOnce, 0, 250, TimeUnit.MILLISECONDS);
	}

	static ResidentMemory sample(long pid) {
		return new ResidentMemory(pid);
	}

	void phase(String name) {
		this.phase = name;
	}

	/** Stops sampling; per phase: first, max and last resident MB. */
	Map<String, Map<String, Double>> stop() {
		this.sampler.shutdownNow();
		Map<String, Map<String, Double>> result = new LinkedHashMap<>();
		synchronized (this.phases) {
			this.phases.forEach((name, v) -> result.put(name,
					Map.of("firstMb", round(v[0]), "maxMb", round(v[1]), "lastMb", round(v[2]))));
		}
		return result;
	}

	static String markdown(Map<String, Map<String, Double>> phases) {
		StringBuilder text = new StringBuilder("""

				### the server's resident memory (VmRSS), MB

				| phase | first | max | last |
				|---|---:|---:|---:|
				""");
		phases.forEach((name, v) -> text.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.0f |%n", name,
				v.get("firstMb"), v.get("maxMb"), v.get("lastMb"))));
		return text.toString();
	}

	private void sampleOnce() {
		try {
			for (String line : Files.readAllLines(this.status)) {
				if (line.startsWith("VmRSS:")) {
					double mb = Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
					synchronized (this.phases) {
						double[] v = this.phases.computeIfAbsent(this.phase, p -> new double[] { mb, mb, mb });
						v[1] = Math.max(v[1], mb);
						v[2] = mb;
					}
					return;
				}
			}
		}
		catch (IOException | RuntimeException ex) {
			// the process ended: nothing more to sample
		}
	}

	private static double round(double value) {
		return Math.round(value * 10) / 10.0;
	}

}
