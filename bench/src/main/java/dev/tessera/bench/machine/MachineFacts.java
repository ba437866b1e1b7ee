package dev.tessera.bench.machine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the hardware can do at most, measured or derived in the same run as the benchmark that compares against it.
 */
public final class MachineFacts {

	private MachineFacts() {
	}

	/**
	 * Peak fp32 FLOP/s = cores x clock x FMA pipes (2) x vector lanes x 2 (an FMA is two operations). Lanes: 16 with
	 * AVX-512 on Intel and on AMD Zen 5 (CPU family 26) and later, whose server parts have full 512-bit units; 8 with
	 * AVX2, or with AVX-512 on AMD Zen 4 (family 25), which runs 512-bit operations on 256-bit units; 4 with SSE only. The clock is the higher of the nominal "cpu MHz" of /proc/cpuinfo and the clock measured
	 * by {@link #measuredClockMHz()} (a virtual machine reports its nominal clock, while the cores run at boost).
	 */
	public static Map<String, Object> fp32PeakFlops(int cores) {
		String cpuinfo = read("/proc/cpuinfo");
		String model = field(cpuinfo, "model name", "unknown");
		String vendor = field(cpuinfo, "vendor_id", "unknown");
		double nominal = Double.parseDouble(field(cpuinfo, "cpu MHz", "0"));
		double measured = measuredClockMHz();
		double mhz = Math.max(nominal, measured);
		String flags = " " + field(cpuinfo, "flags", "") + " ";
		boolean avx512 = flags.contains(" avx512f ");
		boolean avx2 = flags.contains(" avx2 ");
		boolean fma = flags.contains(" fma ");
		int family = Integer.parseInt(field(cpuinfo, "cpu family", "0").strip());
		boolean fullWidthAvx512 = avx512 && (!vendor.contains("AMD") || family >= 26);
		int lanes = fullWidthAvx512 ? 16 : (avx2 || avx512) ? 8 : 4;
		int pipes = 2;
		int flopsPerLaneCycle = fma ? 2 : 1;
		double peak = cores * mhz * 1e6 * pipes * lanes * flopsPerLaneCycle;
		Map<String, Object> facts = new LinkedHashMap<>();
		facts.put("cpu", model);
		facts.put("vendor", vendor);
		facts.put("cpuFamily", family);
		facts.put("cores", cores);
		facts.put("nominalClockMHz", nominal);
		facts.put("measuredClockMHz", Math.round(measured));
		facts.put("clockMHz", Math.round(mhz));
		facts.put("vectorLanesFp32", lanes);
		facts.put("fmaPipes", pipes);
		facts.put("flopsPerLanePerCycle", flopsPerLaneCycle);
		facts.put("peakGflops", Math.round(peak / 1e7) / 100.0);
		facts.put("formula", String.format(Locale.ROOT, "%d cores x %.0f MHz x %d pipes x %d lanes x %d = %.1f GFLOP/s",
				cores, mhz, pipes, lanes, flopsPerLaneCycle, peak / 1e9));
		return facts;
	}

	/**
	 * The core clock, measured: a chain of dependent one-cycle integer operations (shift, add) runs at one operation per
	 * cycle, so operations per second is the clock. Best of several runs after warm-up.
	 */
	public static double measuredClockMHz() {
		long n = 300_000_000L;
		double best = 0;
		for (int run = 0; run < 6; run++) {
			long started = System.nanoTime();
			long x = dependentChain(n, run + 12345);
			double seconds = (System.nanoTime() - started) / 1e9;
			if (x == 42) {
				System.out.print(""); // keeps the chain alive
			}
			best = Math.max(best, 2.0 * n / seconds / 1e6);
		}
		return best;
	}

	private static long dependentChain(long n, long seed) {
		long x = seed;
		for (long i = 0; i < n; i++) {
			x += x >>> 3; // two dependent single-cycle operations per iteration
		}
		return x;
	}

	/**
	 * Memory read bandwidth: threads sum disjoint slices of a 1 GiB array; the median of eight passes after one
	 * warm-up (the best pass overstates what a long run sustains on a shared machine). Integer sums vectorize in the
	 * JIT, so the loop is limited by memory, not arithmetic.
	 */
	public static double readBandwidthBytesPerSecond(int threads) throws Exception {
		long[] data = new long[1 << 27]; // 1 GiB
		for (int i = 0; i < data.length; i++) {
			data[i] = i;
		}
		List<Double> rates = new java.util.ArrayList<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
			for (int pass = 0; pass < 9; pass++) {
				long started = System.nanoTime();
				List<Future<Long>> parts = new java.util.ArrayList<>();
				int slice = data.length / threads;
				for (int t = 0; t < threads; t++) {
					int from = t * slice;
					int to = t == threads - 1 ? data.length : from + slice;
					parts.add(pool.submit(() -> {
						long sum = 0;
						for (int i = from; i < to; i++) {
							sum += data[i];
						}
						return sum;
					}));
				}
				long total = 0;
				for (Future<Long> part : parts) {
					total += part.get();
				}
				double seconds = (System.nanoTime() - started) / 1e9;
				if (total == 42) {
					System.out.print(""); // keeps the sums alive
				}
				if (pass > 0) {
					rates.add(data.length * 8.0 / seconds);
				}
			}
		}
		return rates.stream().sorted().toList().get(rates.size() / 2);
	}

	/** Peak resident memory of this process (VmHWM), in bytes, or -1 where /proc is absent. */
	/**
	 * Starts the peak resident count afresh (Linux: {@code 5} written to {@code /proc/self/clear_refs}), so a peak
	 * read later covers only what came after, e.g. not the bandwidth measurement's buffer. Returns whether it could.
	 */
	public static boolean resetPeakResident() {
		try {
			Files.writeString(Path.of("/proc/self/clear_refs"), "5");
			return true;
		}
		catch (java.io.IOException | RuntimeException ex) {
			return false;
		}
	}

	/** Resident memory of this process now (VmRSS), or -1 where /proc does not say. */
	public static long residentBytes() {
		String value = field(read("/proc/self/status"), "VmRSS", "");
		return value.isEmpty() ? -1 : Long.parseLong(value.replace("kB", "").strip()) * 1024;
	}

	public static long peakResidentBytes() {
		String status = read("/proc/self/status");
		String value = field(status, "VmHWM", "");
		if (value.isEmpty()) {
			return -1;
		}
		return Long.parseLong(value.replace("kB", "").strip()) * 1024;
	}

	private static String read(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			return "";
		}
	}

	private static String field(String text, String name, String fallback) {
		for (String line : text.split("\n")) {
			int colon = line.indexOf(':');
			if (colon > 0 && line.substring(0, colon).strip().equals(name)) {
				return line.substring(colon + 1).strip();
			}
		}
		return fallback;
	}

}
