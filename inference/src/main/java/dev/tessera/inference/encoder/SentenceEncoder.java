package dev.tessera.inference.encoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import ai.onnxruntime.OrtException;

import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.runtime.MicroBatcher;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

/**
 * Sentence embeddings from a transformer encoder: mean of the token vectors over the attention mask, L2-normalized
 * (the sentence-transformers recipe). Texts longer than the maximum length are cut.
 * <p>
 * The bundled model is all-MiniLM-L6-v2 (384 dimensions), full precision or int8-quantized, read from LangChain4j's
 * in-process artifacts on the classpath.
 */
public final class SentenceEncoder implements TextEmbedder, AutoCloseable {

	private final String name;

	private final TransformerEncoder encoder;

	/** Runs the passes within the gate's limits; concurrent callers' texts share passes when {@link #sharedPasses}. */
	private final MicroBatcher<String, float[]> batcher;

	private final boolean sharedPasses;

	private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

	private final int dimensions;

	private SentenceEncoder(String name, TransformerEncoder encoder, ConcurrencyGate gate, boolean sharedPasses) {
		this.name = name;
		this.encoder = encoder;
		this.sharedPasses = sharedPasses;
		this.batcher = new MicroBatcher<>(name, this::pass, gate, MICRO_BATCH, sharedPasses);
		this.dimensions = embed(List.of("dimension probe")).get(0).length;
	}

	/**
	 * The bundled all-MiniLM-L6-v2; {@code quantized} picks the int8 variant. Concurrent callers share passes with
	 * the fp32 variant only: the int8 one quantizes its activations per pass, so a text's vector would move with the
	 * texts it happened to share a pass with (cosine down to 0.992 measured), and a decision with the traffic.
	 */
	public static SentenceEncoder allMiniLmL6V2(boolean quantized, int threads, ConcurrencyGate gate) {
		return allMiniLmL6V2(quantized, threads, gate, !quantized);
	}

	/**
	 * @param sharedPasses whether concurrent callers' texts run in shared passes (dynamic batching); each caller's
	 * own texts always do
	 */
	public static SentenceEncoder allMiniLmL6V2(boolean quantized, int threads, ConcurrencyGate gate,
			boolean sharedPasses) {
		String base = quantized ? "all-minilm-l6-v2-q" : "all-minilm-l6-v2";
		try (InputStream model = resource("/" + base + ".onnx"); InputStream tokenizer = resource("/" + base + "-tokenizer.json")) {
			return new SentenceEncoder(base,
					new TransformerEncoder(TransformerEncoder.session(model.readAllBytes(), threads),
							HuggingFaceTextTokenizer.fromStream(tokenizer), 256, List.of("last_hidden_state", "token_embeddings"),
							base),
					gate, sharedPasses);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (OrtException ex) {
			throw new IllegalStateException("cannot load " + base + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * A sentence encoder a user supplies: an ONNX file and its tokenizer.json. Callers do not share passes: whether
	 * the model's vectors depend on their pass's company (a quantized model's do) is not known.
	 */
	public static SentenceEncoder fromFiles(String name, Path model, Path tokenizer, int maxLength, int threads,
			ConcurrencyGate gate) {
		try {
			return new SentenceEncoder(name,
					new TransformerEncoder(TransformerEncoder.session(model, threads),
							HuggingFaceTextTokenizer.fromFile(tokenizer), maxLength,
							List.of("last_hidden_state", "token_embeddings"), model.toString()),
					gate, false);
		}
		catch (OrtException ex) {
			throw new IllegalArgumentException("cannot load " + model + ": " + ex.getMessage(), ex);
		}
	}

	private static InputStream resource(String path) {
		InputStream in = SentenceEncoder.class.getResourceAsStream(path);
		if (in == null) {
			throw new IllegalStateException(path + " is not on the classpath (the LangChain4j all-MiniLM-L6-v2"
					+ " artifacts provide it)");
		}
		return in;
	}

	@Override
	public String name() {
		return this.name;
	}

	public int dimensions() {
		return this.dimensions;
	}

	/**
	 * One unit-length vector per text, in order. Concurrent callers' texts run in shared passes; a long list is
	 * submitted shortest first, so that padding (computed but useless work) stays small; the vectors are returned in
	 * the caller's order.
	 */
	@Override
	public List<float[]> embed(List<String> texts) {
		if (texts.size() <= MICRO_BATCH) {
			return this.batcher.run(texts);
		}
		Integer[] order = new Integer[texts.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> texts.get(i).length()));
		List<float[]> sorted = this.batcher.run(java.util.Arrays.stream(order).map(texts::get).toList());
		float[][] vectors = new float[texts.size()][];
		for (int k = 0; k < order.length; k++) {
			vectors[order[k]] = sorted.get(k);
		}
		return List.of(vectors);
	}

	/** Whether concurrent callers' texts share passes. */
	public boolean sharedPasses() {
		return this.sharedPasses;
	}

	/** Passes run and texts they carried since start: their ratio is the mean batch. */
	public long[] batchStatistics() {
		return new long[] { this.batcher.passes(), this.batcher.items() };
	}

	/** One pass of the model over the texts (at most {@link #MICRO_BATCH}), on a batcher's worker. */
	private List<float[]> pass(List<String> texts) {
		TransformerEncoder.Batch batch = this.encoder.tokenize(texts, null);
		Integer[] order = new Integer[texts.size()];
		for (int i = 0; i < order.length; i++) {
			order[i] = i;
		}
		java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> batch.ids().get(i).length));
		int[] sortedLengths = java.util.Arrays.stream(order).mapToInt(i -> batch.ids().get(i).length).toArray();
		float[][] vectors = new float[texts.size()][];
		for (int from = 0, to; from < order.length; from = to) {
			to = runEnd(sortedLengths, from);
			List<long[]> ids = new java.util.ArrayList<>();
			List<long[]> types = new java.util.ArrayList<>();
			for (int k = from; k < to; k++) {
				ids.add(batch.ids().get(order[k]));
				types.add(batch.typeIds().get(order[k]));
			}
			List<float[]> pooled = pool(this.encoder.run(new TransformerEncoder.Batch(ids, types)));
			for (int k = from; k < to; k++) {
				vectors[order[k]] = pooled.get(k - from);
			}
		}
		return List.of(vectors);
	}

	/**
	 * Where the model run over texts of these token lengths (sorted, shortest first) that starts at {@code from}
	 * ends: at most
	 * {@link #MICRO_BATCH} texts, and none longer than twice the shortest or {@link #SHARED_WIDTH} tokens, whichever is
	 * more. Every text of a run is padded to its longest, so mixed lengths in one run would spend most of it on padding
	 * (a request of 32 Banking77 questions ran slower than one question at a time); short texts still share a run,
	 * since a run's fixed cost outweighs their padding.
	 */
	public static int runEnd(int[] sortedLengths, int from) {
		int widest = Math.max(SHARED_WIDTH, 2 * sortedLengths[from]);
		int to = from + 1;
		while (to < sortedLengths.length && to - from < MICRO_BATCH && sortedLengths[to] <= widest) {
			to++;
		}
		return to;
	}

	/** Texts run through the model at once; larger requests are split, shortest texts first. */
	public static final int MICRO_BATCH = 32;

	/** Token length up to which texts share a model run whatever their lengths (see {@link #runEnd}). */
	static final int SHARED_WIDTH = 16;

	/** The cosine similarity of two of this encoder's vectors: their dot product, since they are normalized. */
	public static double similarity(float[] a, float[] b) {
		double sum = 0;
		for (int i = 0; i < a.length; i++) {
			sum += a[i] * b[i];
		}
		return sum;
	}

	/** Tokens the texts take after truncation, special tokens included (for throughput accounting). */
	public int tokenCount(List<String> texts) {
		return java.util.Arrays.stream(tokenLengths(texts)).sum();
	}

	/** Each text's length in tokens after truncation, special tokens included. */
	public int[] tokenLengths(List<String> texts) {
		return this.encoder.tokenize(texts, null).ids().stream().mapToInt(ids -> ids.length).toArray();
	}

	private static List<float[]> pool(TransformerEncoder.Output output) {
		// last_hidden_state: (batch, seq, hidden)
		int rows = (int) output.shape()[0];
		int seq = (int) output.shape()[1];
		int hidden = (int) output.shape()[2];
		List<float[]> vectors = new java.util.ArrayList<>(rows);
		for (int r = 0; r < rows; r++) {
			float[] sum = new float[hidden];
			int count = 0;
			for (int t = 0; t < seq; t++) {
				if (output.mask()[r * output.width() + t] == 0) {
					continue;
				}
				count++;
				int base = (r * seq + t) * hidden;
				for (int h = 0; h < hidden; h++) {
					sum[h] += output.values()[base + h];
				}
			}
			double norm = 0;
			for (int h = 0; h < hidden; h++) {
				sum[h] /= Math.max(count, 1);
				norm += sum[h] * sum[h];
			}
			float scale = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
			for (int h = 0; h < hidden; h++) {
				sum[h] *= scale;
			}
			vectors.add(sum);
		}
		return vectors;
	}

	/** Stops the passes and frees the model; a second call does nothing. */
	@Override
	public void close() {
		if (!this.closed.compareAndSet(false, true)) {
			return;
		}
		this.batcher.close();
		// a pass still in the model must end before the model is freed
		if (this.batcher.awaitStopped(java.time.Duration.ofSeconds(30))) {
			this.encoder.close();
		}
		else {
			System.getLogger(SentenceEncoder.class.getName())
				.log(System.Logger.Level.WARNING, "a pass of '" + this.name + "' did not end within 30 s of closing; "
						+ "its model is left open rather than freed under it");
		}
	}

}
