package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where the time of a model's runs goes, read from an ONNX Runtime profile (its Chrome-trace JSON): per operator type,
 * the kernel time per run, and what is left of each run outside the kernels (session overhead, inputs and outputs).
 *
 * @param runs the runs counted
 * @param runMillis mean wall time of one run, in milliseconds
 * @param kernelMillisByOperator mean kernel time per run of each operator type, largest first
 */
record OperatorProfile(int runs, double runMillis, Map<String, Double> kernelMillisByOperator) {

	/**
	 * @param profile the file ONNX Runtime wrote
	 * @param skipFirst runs at the start to leave out (a warm-up, or a prompt pass)
	 */
	static OperatorProfile read(Path profile, int skipFirst) {
		JsonNode events = JsonMapper.builder().build().readTree(profile.toFile());
		List<long[]> windows = new ArrayList<>();
		for (JsonNode event : events) {
			if ("Session".equals(event.path("cat").asString("")) && "model_run".equals(event.path("name").asString(""))) {
				long start = event.path("ts").asLong();
				windows.add(new long[] { start, start + event.path("dur").asLong() });
			}
		}
		windows.sort(Comparator.comparingLong(w -> w[0]));
		List<long[]> counted = windows.subList(Math.min(skipFirst, windows.size()), windows.size());
		if (counted.isEmpty()) {
			throw new IllegalStateException(profile + " holds no model run after the first " + skipFirst);
		}
		Map<String, Double> micros = new TreeMap<>();
		for (JsonNode event : events) {
			if (!"Node".equals(event.path("cat").asString("")) || !event.path("name").asString("").endsWith("_kernel_time")) {
				continue;
			}
			long ts = event.path("ts").asLong();
			if (counted.stream().noneMatch(w -> ts >= w[0] && ts <= w[1])) {
				continue;
			}
			micros.merge(event.path("args").path("op_name").asString("?"), event.path("dur").asDouble(), Double::sum);
		}
		double runMicros = counted.stream().mapToLong(w -> w[1] - w[0]).sum();
		Map<String, Double> perRun = new LinkedHashMap<>();
		micros.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.forEach(e -> perRun.put(e.getKey(), e.getValue() / counted.size() / 1000));
		return new OperatorProfile(counted.size(), runMicros / counted.size() / 1000, perRun);
	}

	/** Mean kernel time per run of the given operator types together. */
	double kernelMillis(List<String> operators) {
		return operators.stream().mapToDouble(op -> this.kernelMillisByOperator.getOrDefault(op, 0.0)).sum();
	}

	/** Mean time per run outside any kernel. */
	double outsideKernelsMillis() {
		return this.runMillis - this.kernelMillisByOperator.values().stream().mapToDouble(Double::doubleValue).sum();
	}

}
