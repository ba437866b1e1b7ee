package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import dev.tessera.bench.data.CsvColumn;
import dev.tessera.bench.machine.MachineFacts;
import dev.tessera.bench.report.Report;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * Sentence-embedding throughput of the bundled encoder (full and int8) at several batch sizes, against the machine's
 * fp32 FLOP bound for the model, and against LangChain4j's in-process build of the same model in the same run.
 */
@Command(name = "embed-throughput", mixinStandardHelpOptions = true,
		description = "Embedding throughput of all-MiniLM-L6-v2 (full and int8) against the fp32 FLOP bound.")
public class EmbedThroughputCommand implements Callable<Integer> {

	// all-MiniLM-L6-v2's shape (the bundled model)
	static final int LAYERS = 6;

	static final int HIDDEN = 384;

	static final int FFN = 1536;

	@Option(names = "--data", defaultValue = "../shared/data/intent/banking77_test.csv",
			description = "CSV of sentences.")
	Path data;

	@Option(names = "--column", defaultValue = "text")
	String column;

	@Option(names = "--limit", defaultValue = "2048", description = "Sentences to embed per measurement.")
	int limit;

	@Option(names = "--batch-sizes", defaultValue = "1,32", split = ",")
	List<Integer> batchSizes;

	@Mixin
	IntraOpThreadsOption threads = new IntraOpThreadsOption();

	@Option(names = "--out", defaultValue = "bench/target/reports/embed-throughput.json")
	Path out;

	/** Multiply-adds of one token through the encoder at a padded width: dense layers plus attention. */
	static double flopsPerToken(int width) {
		double dense = 2.0 * LAYERS * (4.0 * HIDDEN * HIDDEN + 2.0 * HIDDEN * FFN);
		double attention = 2.0 * LAYERS * 2.0 * width * HIDDEN;
		return dense + attention;
	}

	@Override
	public Integer call() throws Exception {
		List<String> sentences = CsvColumn.read(this.data, this.column, this.limit);
		int cores = Runtime.getRuntime().availableProcessors();
		Map<String, Object> peak = MachineFacts.fp32PeakFlops(cores);
		double peakFlops = (double) peak.get("peakGflops") * 1e9;
		List<Map<String, Object>> rows = new ArrayList<>();
		StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
				"## embed-throughput: all-MiniLM-L6-v2, %d sentences from %s, %d intra-op threads%n%nfp32 bound: %s%n%n"
						+ "| model | batch | sentences/s | tokens/s | GFLOP/s | of fp32 bound |%n|---|---:|---:|---:|---:|---:|%n",
				sentences.size(), this.data.getFileName(), this.threads.resolve(), peak.get("formula")));
		Map<Integer, Double> fullRate = new LinkedHashMap<>();
		StringBuilder peerMd = new StringBuilder(String.format(Locale.ROOT, """

				LangChain4j's in-process all-MiniLM-L6-v2, same sentences and requests, an executor of %d threads, each
				measured right after the Tessera row it is compared with (the machine's speed drifts within a run):

				| model | batch | LangChain4j sentences/s | Tessera sentences/s | Tessera ÷ LangChain4j |
				|---|---:|---:|---:|---:|
				""", this.threads.resolve()));
		try (java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors
			.newFixedThreadPool(this.threads.resolve())) {
			for (boolean quantized : new boolean[] { false, true }) {
				dev.langchain4j.model.embedding.EmbeddingModel peer = quantized
						? new dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel(executor)
						: new dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel(executor);
				try (SentenceEncoder encoder = SentenceEncoder.allMiniLmL6V2(quantized, this.threads.resolve(),
						new ConcurrencyGate("bench", 1, 0, Duration.ofSeconds(1)))) {
					List<Integer> modes = new ArrayList<>(this.batchSizes);
					modes.add(0); // 0: the whole corpus in one call, as ingestion does
					for (int batch : modes) {
						measure(encoder, sentences.subList(0, Math.min(64, sentences.size())), batch); // warm-up
						Map<String, Object> row = measure(encoder, sentences, batch);
						row.put("model", encoder.name());
						row.put("int8", quantized);
						double rate = (double) row.get("sentencesPerSecond");
						if (!quantized) {
							fullRate.put(batch, rate);
						}
						else {
							row.put("speedupOverFull", Math.round(rate / fullRate.get(batch) * 100) / 100.0);
						}
						double gflops = (double) row.get("gflops");
						row.put("fractionOfFp32Bound", Math.round(gflops * 1e9 / peakFlops * 1000) / 1000.0);
						rows.add(row);
						md.append(String.format(Locale.ROOT, "| %s | %s | %.1f | %.0f | %.1f | %.0f%% |%n", encoder.name(),
								batch == 0 ? "corpus" : Integer.toString(batch), rate, row.get("tokensPerSecond"), gflops, gflops * 1e9 / peakFlops * 100));
						peerMd.append(peerRow(peer, quantized, sentences, batch, rate, rows));
					}
				}
			}
		}
		md.append(peerMd);
		md.append("\ncorpus = all sentences in one call: the encoder sorts them by length and runs micro-batches of "
				+ SentenceEncoder.MICRO_BATCH + ", each cut into model runs of similar lengths. FLOPs per token = 2 x layers x (4 x hidden^2 + 2 x hidden x ffn) + 4 x layers x width x hidden,"
				+ " counted on padded batches. The int8 rows count the same operations, so their share can exceed what"
				+ " fp32 units allow.\n");
		Map<String, Object> report = new LinkedHashMap<>();
		report.put("command", "embed-throughput");
		report.put("data", this.data.toString());
		report.put("sentences", sentences.size());
		report.put("threads", this.threads.resolve());
		report.put("machine", peak);
		report.put("results", rows);
		Report.write(this.out, report, md.toString());
		return 0;
	}

	/**
	 * The same model as LangChain4j ships it in process ({@code AllMiniLmL6V2EmbeddingModel} and its quantized twin),
	 * on the same sentences in the same requests, with an executor of as many threads as the encoder has intra-op
	 * threads (LangChain4j embeds a request's texts one by one on it, each with ONNX Runtime's default threads). Adds
	 * its row, with Tessera's rate {@code ours} over it, to {@code rows}; returns its Markdown line.
	 */
	private static String peerRow(dev.langchain4j.model.embedding.EmbeddingModel peer, boolean quantized,
			List<String> sentences, int batch, double ours, List<Map<String, Object>> rows) {
		String name = quantized ? "all-MiniLM-L6-v2 (int8)" : "all-MiniLM-L6-v2";
		String label = batch == 0 ? "corpus" : Integer.toString(batch);
		embedAll(peer, sentences.subList(0, Math.min(64, sentences.size())), batch); // warm-up
		double rate = sentences.size() / embedAll(peer, sentences, batch);
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("model", "LangChain4j " + name);
		row.put("batch", label);
		row.put("sentencesPerSecond", Math.round(rate * 10) / 10.0);
		row.put("tesseraOverLangChain4j", Math.round(ours / rate * 100) / 100.0);
		rows.add(row);
		return String.format(Locale.ROOT, "| %s | %s | %.1f | %.1f | %.2f |%n", name, label, rate, ours, ours / rate);
	}

	/** Seconds LangChain4j's model takes for the sentences in requests of {@code batchSize} (0: one request). */
	private static double embedAll(dev.langchain4j.model.embedding.EmbeddingModel model, List<String> sentences,
			int batchSize) {
		int requestSize = batchSize == 0 ? sentences.size() : batchSize;
		List<List<dev.langchain4j.data.segment.TextSegment>> requests = new ArrayList<>();
		for (int from = 0; from < sentences.size(); from += requestSize) {
			requests.add(sentences.subList(from, Math.min(sentences.size(), from + requestSize))
				.stream()
				.map(dev.langchain4j.data.segment.TextSegment::from)
				.toList());
		}
		long started = System.nanoTime();
		for (List<dev.langchain4j.data.segment.TextSegment> request : requests) {
			if (model.embedAll(request).content().size() != request.size()) {
				throw new IllegalStateException("LangChain4j returned a vector count other than the request's");
			}
		}
		return (System.nanoTime() - started) / 1e9;
	}

	private static Map<String, Object> measure(SentenceEncoder encoder, List<String> sentences, int batchSize) {
		// account tokens and FLOPs before timing, so that only embedding is timed
		List<List<String>> batches = new ArrayList<>();
		double flops = 0;
		long tokens = 0;
		int requestSize = batchSize == 0 ? sentences.size() : batchSize;
		for (int from = 0; from < sentences.size(); from += requestSize) {
			List<String> batch = sentences.subList(from, Math.min(sentences.size(), from + requestSize));
			// the encoder runs a request as length-sorted passes and runs; count the padded work it does
			int[] lengths = encoder.tokenLengths(batch);
			java.util.Arrays.sort(lengths);
			for (int part = 0; part < lengths.length; part += SentenceEncoder.MICRO_BATCH) {
				// each pass of at most MICRO_BATCH texts, split into model runs of similar lengths
				int[] pass = java.util.Arrays.copyOfRange(lengths, part,
						Math.min(lengths.length, part + SentenceEncoder.MICRO_BATCH));
				for (int start = 0, end; start < pass.length; start = end) {
					end = SentenceEncoder.runEnd(pass, start);
					int width = pass[end - 1];
					flops += (double) (end - start) * width * flopsPerToken(width);
				}
			}
			tokens += java.util.Arrays.stream(lengths).sum();
			batches.add(batch);
		}
		long started = System.nanoTime();
		for (List<String> batch : batches) {
			encoder.embed(batch);
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		Map<String, Object> row = new LinkedHashMap<>();
		row.put("batch", batchSize == 0 ? "corpus" : Integer.toString(batchSize));
		row.put("sentencesPerSecond", Math.round(sentences.size() / seconds * 10) / 10.0);
		row.put("tokensPerSecond", (double) Math.round(tokens / seconds));
		row.put("gflops", Math.round(flops / seconds / 1e8) / 10.0);
		return row;
	}

}
