package dev.tessera.bench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.bench.machine.MachineFacts;
import dev.tessera.bench.report.Report;
import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.imports.WeightFormat;
import dev.tessera.inference.registry.ModelDirectory;

/**
 * Prefill and decode speed of a local decoder, against the memory-bandwidth bound: every decoded token reads all
 * weights once, so tokens/s can be at most bandwidth / weight bytes. The bandwidth is measured in the same run.
 */
@Command(name = "decode-throughput", mixinStandardHelpOptions = true,
		description = "Prefill and decode tokens/s of a local decoder against the memory-bandwidth bound.")
public class DecodeThroughputCommand implements Callable<Integer> {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Option(names = "--model", description = "Model directory, llama2.c .bin or .gguf.")
	Path model;

	@Option(names = "--tokenizer", description = "llama2.c tokenizer for a .bin checkpoint.")
	Path tokenizer;

	@Option(names = "--random-shape", description = "Instead of --model: a random-weight model of this shape"
			+ " (qwen2.5-0.5b), written once to bench/target/models.")
	String randomShape;

	@Option(names = "--weights", defaultValue = "file",
			description = "Weight format when importing a checkpoint or random shape: file (a GGUF's own blocks; float32 "
					+ "otherwise), float32, int8 or int4.")
	String weights;

	@Option(names = "--peer", description = "Also decode the same .gguf with llama.cpp (java-llama.cpp's build) in "
			+ "this run: llama.cpp")
	String peer;

	@Option(names = "--prompt-tokens", defaultValue = "128")
	int promptTokens;

	@Option(names = "--new-tokens", defaultValue = "128")
	int newTokens;

	@Option(names = "--runs", defaultValue = "3")
	int runs;

	@Option(names = "--measure-only", hidden = true,
			description = "Load and decode only, writing the rates and memory to --out as JSON (the decoding process)")
	boolean measureOnly;

	@Mixin
	IntraOpThreadsOption threads = new IntraOpThreadsOption();

	@Option(names = "--profile", description = "Also profile one decode with ONNX Runtime's profiler: time per operator "
			+ "type, and the read speed of the matrix products alone.")
	boolean profile;

	@Option(names = "--out", defaultValue = "bench/target/reports/decode-throughput.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		WeightFormat format = WeightFormat.parse(this.weights);
		boolean gguf = this.model != null && this.model.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf");
		if (this.peer != null && (!"llama.cpp".equals(this.peer) || !gguf)) {
			throw new IllegalArgumentException("--peer llama.cpp needs --model FILE.gguf");
		}
		// a GGUF file is imported in a process of its own, so that the import's memory is not counted
		ModelDirectory directory = this.randomShape != null ? Models.randomShape(this.randomShape, format)
				: gguf ? Models.importedApart(this.model, format) : Models.resolve(this.model, this.tokenizer, format);
		if (this.measureOnly) {
			JSON.writeValue(this.out.toFile(), measureHere(directory, false));
			return 0;
		}
		Map<String, String> props = directory.manifest().properties();
		long parameters = Long.parseLong(props.get("parameters"));
		// what one decoded token reads: every projection and the classifier, one row of the embedding table
		double weightBytes = Double.parseDouble(
				props.getOrDefault("bytes_read_per_token", Long.toString(parameters * Float.BYTES)));
		int cores = Runtime.getRuntime().availableProcessors();
		double bandwidth = MachineFacts.readBandwidthBytesPerSecond(cores);
		Measured measured = measure(directory);
		List<Double> prefillRates = measured.prefillRates();
		List<Double> decodeRates = measured.decodeRates();
		long peakResident = measured.peakResidentBytes();
		double prefill = median(prefillRates);
		double decode = median(decodeRates);
		double bound = bandwidth / weightBytes;
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "decode-throughput");
		report.put("model", directory.manifest().name());
		report.put("parameters", parameters);
		report.put("weightPrecision", props.getOrDefault("weight_precision", "float32"));
		report.put("weightBytes", (long) weightBytes);
		report.put("promptTokens", this.promptTokens);
		report.put("newTokens", this.newTokens);
		report.put("runs", this.runs);
		report.put("threads", this.threads.resolve());
		report.put("loadSeconds", round(measured.loadSeconds()));
		report.put("prefillTokensPerSecond", round(prefill));
		report.put("decodeTokensPerSecond", round(decode));
		report.put("decodeRuns", decodeRates.stream().map(DecodeThroughputCommand::round).toList());
		report.put("measuredBandwidthGBs", round(bandwidth / 1e9));
		report.put("bandwidthBoundTokensPerSecond", round(bound));
		report.put("fractionOfBandwidthBound", Math.round(decode / bound * 1000) / 1000.0);
		report.put("peakResidentMB", peakResident / (1024 * 1024));
		report.put("peakResidentCovers", measured.peakCovers());
		report.put("residentBeforeLoadingMB", measured.residentBeforeLoadBytes() / (1024 * 1024));
		report.put("modelResidentMB", (peakResident - measured.residentBeforeLoadBytes()) / (1024 * 1024));
		String memoryMd = "";
		if (gguf) {
			// the memory target: peak resident ≤ 1.5 × the file + the key/value cache of the longest run
			long fileBytes = java.nio.file.Files.size(this.model);
			long kvBytes = 2L * Integer.parseInt(props.get("layers")) * Integer.parseInt(props.get("kv_heads"))
					* (Long.parseLong(props.get("dim")) / Integer.parseInt(props.get("heads")))
					* Math.max(this.promptTokens, this.newTokens + 1) * Float.BYTES;
			double ratio = (double) peakResident / (fileBytes + kvBytes);
			report.put("ggufFileMB", fileBytes / (1024 * 1024));
			report.put("kvCacheMB", Math.round(kvBytes / (1024.0 * 1024) * 10) / 10.0);
			report.put("peakResidentOverFilePlusCache", Math.round(ratio * 100) / 100.0);
			report.put("tensorTypes", props.getOrDefault("tensor_types", ""));
			memoryMd = String.format(Locale.ROOT, """

					Memory: peak resident %,d MB (%s) against the %,d MB file plus a %.1f MB key/value
					cache: %.2f times (target at most 1.5). Of it, %,d MB were resident before the model was
					loaded (the JVM) and %,d MB came with the model. Tensor types: %s.
					""", peakResident / (1024 * 1024), measured.peakCovers(), fileBytes / (1024 * 1024),
					kvBytes / (1024.0 * 1024), ratio, measured.residentBeforeLoadBytes() / (1024 * 1024),
					(peakResident - measured.residentBeforeLoadBytes()) / (1024 * 1024),
					props.getOrDefault("tensor_types", ""));
		}
		if (this.peer != null) {
			long before = MachineFacts.residentBytes();
			LlamaCppPeer.Result theirs = LlamaCppPeer.measure(this.model, this.promptTokens, this.newTokens,
					this.runs, this.threads.resolve());
			Map<String, Object> peerReport = new LinkedHashMap<>();
			peerReport.put("engine", "llama.cpp (java-llama.cpp 4.2.0)");
			peerReport.put("loadSeconds", round(theirs.loadSeconds()));
			peerReport.put("promptTokens", theirs.promptTokens());
			peerReport.put("prefillTokensPerSecond", round(theirs.prefillTokensPerSecond()));
			peerReport.put("decodeTokensPerSecond", round(theirs.decodeTokensPerSecond()));
			peerReport.put("decodeRuns", theirs.decodeRuns().stream().map(DecodeThroughputCommand::round).toList());
			peerReport.put("residentGrowthMB", (MachineFacts.residentBytes() - before) / (1024 * 1024));
			report.put("peer", peerReport);
			memoryMd += String.format(Locale.ROOT, """

					| engine, same file, %d threads | prefill tokens/s | decode tokens/s |
					|---|---:|---:|
					| Tessera | %.1f | %.2f |
					| llama.cpp (java-llama.cpp 4.2.0's build) | %.1f | %.2f |

					llama.cpp: prefill is the time to the first token of a %d-token prompt (one sampling step
					included), decode the tokens after it, greedy; its resident memory grew by %,d MB.
					""", this.threads.resolve(), prefill, decode, theirs.prefillTokensPerSecond(),
					theirs.decodeTokensPerSecond(), theirs.promptTokens(), peerReport.get("residentGrowthMB"));
		}
		String profileMd = this.profile ? profile(directory, weightBytes, bandwidth, report) : "";
		Report.write(this.out, report, String.format(Locale.ROOT, """
				## decode-throughput: %s (%,d parameters, %s)

				| prefill tokens/s | decode tokens/s | bandwidth GB/s | bound tokens/s | of bound | peak RSS MB |
				|---:|---:|---:|---:|---:|---:|
				| %.1f | %.2f | %.1f | %.2f | %.0f%% | %d |

				Prefill: a %d-token prompt in one pass. Decode: %d tokens one at a time from BOS. Median of %d runs,
				%d threads. Bound = measured read bandwidth / %,d weight bytes read per decoded token.
				""", directory.manifest().name(), parameters, report.get("weightPrecision"), prefill, decode,
				bandwidth / 1e9, bound, decode / bound * 100, report.get("peakResidentMB"), this.promptTokens,
				this.newTokens, this.runs, report.get("threads"), (long) weightBytes) + memoryMd + profileMd);
		return 0;
	}

	/** The operators that read the weights: their kernels' time bounds how close to the bandwidth bound decoding gets. */
	private static final List<String> MATRIX_PRODUCTS = List.of("MatMulNBits", "MatMul", "Gemm", "MatMulInteger",
			"DynamicQuantizeMatMul");

	/**
	 * One decode of {@code newTokens} from BOS with ONNX Runtime's profiler on (which slows each step a little): where
	 * a step's time goes, and how fast the matrix products alone read the weights. Their read speed over the measured
	 * bandwidth is the share of the bound decoding would reach if nothing else took any time.
	 */
	private String profile(ModelDirectory directory, double weightBytes, double bandwidth, Map<String, Object> report)
			throws java.io.IOException {
		Path prefix = this.out.toAbsolutePath().resolveSibling("decode-profile");
		Path file;
		try (OnnxCausalLm lm = new OnnxCausalLm(directory.file("model"), this.threads.resolve(), prefix);
				OnnxCausalLm.KvCache cache = lm.newCache()) {
			float[] logits = lm.next(new long[] { 1 }, cache);
			for (int i = 0; i < this.newTokens; i++) {
				logits = lm.next(new long[] { argmax(logits) }, cache);
			}
			file = lm.endProfiling();
		}
		OperatorProfile profile = OperatorProfile.read(file, 1); // the first step is BOS on an empty cache
		java.nio.file.Files.deleteIfExists(file);
		double matrixMillis = profile.kernelMillis(MATRIX_PRODUCTS);
		double readSpeed = weightBytes / (matrixMillis / 1000);
		Map<String, Object> profiled = new LinkedHashMap<>();
		profiled.put("steps", profile.runs());
		profiled.put("stepMillis", round(profile.runMillis()));
		Map<String, Double> perOperator = new LinkedHashMap<>();
		profile.kernelMillisByOperator().forEach((op, ms) -> perOperator.put(op, Math.round(ms * 1000) / 1000.0));
		profiled.put("kernelMillisPerStep", perOperator);
		profiled.put("outsideKernelsMillisPerStep", round(profile.outsideKernelsMillis()));
		profiled.put("matrixProductsMillisPerStep", round(matrixMillis));
		profiled.put("matrixProductsReadGBs", round(readSpeed / 1e9));
		profiled.put("matrixProductsShareOfBandwidth", Math.round(readSpeed / bandwidth * 1000) / 1000.0);
		report.put("profile", profiled);
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT, """

				### Profile: one decode of %d steps with ONNX Runtime's profiler (%.2f ms a step with the profiler on)

				| operator | ms per step | share of the step |
				|---|---:|---:|
				""", profile.runs(), profile.runMillis()));
		profile.kernelMillisByOperator().entrySet().stream().filter(e -> e.getValue() >= 0.005).forEach(e -> md
			.append(String.format(Locale.ROOT, "| %s | %.3f | %.1f%% |%n", e.getKey(), e.getValue(),
					e.getValue() / profile.runMillis() * 100)));
		md.append(String.format(Locale.ROOT, "| outside the kernels | %.3f | %.1f%% |%n%n", profile.outsideKernelsMillis(),
				profile.outsideKernelsMillis() / profile.runMillis() * 100));
		md.append(String.format(Locale.ROOT, "The matrix products read the %,d weight bytes in %.2f ms: %.1f GB/s, %.0f%% "
				+ "of the measured bandwidth. That is the share of the bound decoding would reach if nothing else "
				+ "took any time.%n", (long) weightBytes, matrixMillis, readSpeed / 1e9, readSpeed / bandwidth * 100));
		return md.toString();
	}

	/** What loading and decoding took: rates per run (the warm-up run left out) and resident memory. */
	record Measured(double loadSeconds, List<Double> prefillRates, List<Double> decodeRates,
			long residentBeforeLoadBytes, long peakResidentBytes, String peakCovers) {
	}

	/**
	 * The JVM that loads and decodes when the bench runs from its jar: a process of its own, so that its peak resident
	 * memory is the model's and a JVM's, not the bench's own (the bandwidth probe alone fills 1 GB of heap). Decoding
	 * keeps its tensors outside the heap; the heap holds a logits array a step.
	 */
	static final List<String> DECODING_JVM = List.of("-Xmx256m", "-XX:+UseSerialGC");

	private Measured measure(ModelDirectory directory) throws Exception {
		if (Models.benchJar() == null) {
			return measureHere(directory, true); // running from classes (tests): no jar to start
		}
		Path measuredFile = Files.createTempFile("decode-measured", ".json");
		try {
			Models.runApart(DECODING_JVM, "decode-throughput", "--model", directory.directory().toString(),
					"--measure-only", "--prompt-tokens", Integer.toString(this.promptTokens), "--new-tokens",
					Integer.toString(this.newTokens), "--runs", Integer.toString(this.runs), "--threads",
					Integer.toString(this.threads.resolve()), "--out", measuredFile.toString());
			return JSON.readValue(measuredFile.toFile(), Measured.class);
		}
		finally {
			Files.deleteIfExists(measuredFile);
		}
	}

	/**
	 * Loads and decodes in this process. {@code resetPeak}: count the peak from here (the process did other work
	 * before); otherwise it is the whole process's, from its start.
	 */
	private Measured measureHere(ModelDirectory directory, boolean resetPeak) {
		int vocab = Integer.parseInt(directory.manifest().properties().get("vocab_size"));
		System.gc();
		boolean peakFromHere = resetPeak && MachineFacts.resetPeakResident();
		long before = MachineFacts.residentBytes();
		List<Double> prefillRates = new ArrayList<>();
		List<Double> decodeRates = new ArrayList<>();
		long loadStarted = System.nanoTime();
		double loadSeconds;
		try (OnnxCausalLm lm = new OnnxCausalLm(directory.file("model"), this.threads.resolve())) {
			loadSeconds = (System.nanoTime() - loadStarted) / 1e9;
			SplittableRandom random = new SplittableRandom(1);
			for (int run = 0; run <= this.runs; run++) { // run 0 warms up
				long[] prompt = new long[this.promptTokens];
				prompt[0] = 1;
				for (int i = 1; i < prompt.length; i++) {
					prompt[i] = 3 + random.nextInt(vocab - 3);
				}
				// prefill: the whole prompt in one pass (like llama-bench pp)
				long prefill;
				try (OnnxCausalLm.KvCache cache = lm.newCache()) {
					long started = System.nanoTime();
					lm.next(prompt, cache);
					prefill = System.nanoTime() - started;
				}
				// decode: token by token from BOS (like llama-bench tg), each step reading all weights
				long decode;
				try (OnnxCausalLm.KvCache cache = lm.newCache()) {
					float[] logits = lm.next(new long[] { 1 }, cache);
					long started = System.nanoTime();
					for (int i = 0; i < this.newTokens; i++) {
						logits = lm.next(new long[] { argmax(logits) }, cache);
					}
					decode = System.nanoTime() - started;
				}
				if (run > 0) {
					prefillRates.add(this.promptTokens / (prefill / 1e9));
					decodeRates.add(this.newTokens / (decode / 1e9));
				}
			}
		}
		String covers = resetPeak ? (peakFromHere ? "loading and decoding in the bench's process"
				: "the whole bench process") : "a JVM of its own with a heap of at most 256 MB, from its start";
		// after a reset of the peak count the kernel may report a peak below a resident size read since
		long peak = Math.max(MachineFacts.peakResidentBytes(), Math.max(before, MachineFacts.residentBytes()));
		return new Measured(loadSeconds, prefillRates, decodeRates, before, peak, covers);
	}

	private static int argmax(float[] logits) {
		int best = 0;
		for (int i = 1; i < logits.length; i++) {
			if (logits[i] > logits[best]) {
				best = i;
			}
		}
		return best;
	}

	static double median(List<Double> values) {
		List<Double> sorted = values.stream().sorted().toList();
		return sorted.get(sorted.size() / 2);
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
