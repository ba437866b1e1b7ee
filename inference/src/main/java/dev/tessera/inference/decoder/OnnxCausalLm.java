package dev.tessera.inference.decoder;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;

/**
 * A decoder-only language model in the Hugging Face Optimum ONNX layout, run by ONNX Runtime. One forward pass takes
 * new tokens and the key/value cache of the tokens before them and returns the logits and the extended cache.
 * <p>
 * The session is shared (ONNX Runtime sessions are safe for concurrent runs); each generation owns a
 * {@link KvCache}.
 */
public final class OnnxCausalLm implements AutoCloseable {

	private final OrtEnvironment environment;

	private final OrtSession session;

	private final int layers;

	private final int kvHeads;

	private final int headSize;

	private final int vocabSize;

	private final boolean hasPositionIds;

	/**
	 * An optional input of the model: how many of the last positions get logits, 0 for all (Hugging Face's
	 * convention). Models written by Tessera's importer have it; others are run as they are.
	 */
	public static final String KEPT_LOGITS = "num_logits_to_keep";

	/** Whether the model can compute logits for the last positions only (input {@value #KEPT_LOGITS}). */
	private final boolean keepsLastLogits;

	public OnnxCausalLm(Path modelFile, int intraOpThreads) {
		this(modelFile, intraOpThreads, null);
	}

	/**
	 * @param profilePrefix when not null, ONNX Runtime records the time of every operator of every run in a JSON file
	 * whose name starts with this prefix (see {@link #endProfiling()}); for measurement only
	 */
	public OnnxCausalLm(Path modelFile, int intraOpThreads, Path profilePrefix) {
		this.environment = OrtEnvironment.getEnvironment();
		try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
			options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
			if (intraOpThreads > 0) {
				options.setIntraOpNumThreads(intraOpThreads);
			}
			if (profilePrefix != null) {
				options.enableProfiling(profilePrefix.toString());
			}
			this.session = this.environment.createSession(modelFile.toString(), options);
			Map<String, NodeInfo> inputs = this.session.getInputInfo();
			Map<String, NodeInfo> outputs = this.session.getOutputInfo();
			List<String> missing = new ArrayList<>();
			for (String required : List.of("input_ids", "attention_mask")) {
				if (!inputs.containsKey(required)) {
					missing.add("input " + required);
				}
			}
			if (!outputs.containsKey("logits")) {
				missing.add("output logits");
			}
			int layerCount = 0;
			while (inputs.containsKey("past_key_values." + layerCount + ".key")) {
				layerCount++;
			}
			if (layerCount == 0) {
				missing.add("inputs past_key_values.N.key/value");
			}
			if (!missing.isEmpty()) {
				throw new IllegalArgumentException(modelFile + " is not a decoder in the Optimum layout: missing "
						+ missing + "; it has inputs " + new TreeSet<>(inputs.keySet()) + " and outputs "
						+ new TreeSet<>(outputs.keySet()));
			}
			this.layers = layerCount;
			// past_key_values.0.key: (batch, kv_heads, past, head_size)
			long[] kvShape = ((TensorInfo) inputs.get("past_key_values.0.key").getInfo()).getShape();
			this.kvHeads = (int) kvShape[1];
			this.headSize = (int) kvShape[3];
			// logits: (batch, seq, vocab)
			this.vocabSize = (int) ((TensorInfo) outputs.get("logits").getInfo()).getShape()[2];
			this.hasPositionIds = inputs.containsKey("position_ids");
			this.keepsLastLogits = inputs.containsKey(KEPT_LOGITS);
			if (this.kvHeads <= 0 || this.headSize <= 0 || this.vocabSize <= 0) {
				throw new IllegalArgumentException(modelFile
						+ " does not declare fixed kv_heads, head_size and vocab sizes in its input/output shapes");
			}
		}
		catch (OrtException ex) {
			throw new IllegalArgumentException("ONNX Runtime cannot load " + modelFile + ": " + ex.getMessage(), ex);
		}
	}

	public int vocabSize() {
		return this.vocabSize;
	}

	public int layers() {
		return this.layers;
	}

	/** An empty cache for a new sequence. */
	public KvCache newCache() {
		return new KvCache();
	}

	/**
	 * Runs the new tokens after those in the cache and returns the logits of every new position,
	 * {@code [tokens.length][vocab]}. The cache then holds all tokens.
	 */
	public float[][] forward(long[] tokens, KvCache cache) {
		return run(tokens, cache, true);
	}

	/** Like {@link #forward} but returns only the last position's logits, {@code [vocab]}. */
	public float[] next(long[] tokens, KvCache cache) {
		return run(tokens, cache, false)[0];
	}

	private float[][] run(long[] tokens, KvCache cache, boolean allPositions) {
		if (tokens.length == 0) {
			throw new IllegalArgumentException("tokens cannot be empty");
		}
		int past = cache.length;
		int total = past + tokens.length;
		Map<String, OnnxTensor> inputs = new HashMap<>();
		List<OnnxTensor> created = new ArrayList<>();
		try {
			long[] mask = new long[total];
			java.util.Arrays.fill(mask, 1L);
			long[] positions = new long[tokens.length];
			for (int i = 0; i < tokens.length; i++) {
				positions[i] = past + i;
			}
			created.add(put(inputs, "input_ids", OnnxTensor.createTensor(this.environment, LongBuffer.wrap(tokens),
					new long[] { 1, tokens.length })));
			created.add(put(inputs, "attention_mask",
					OnnxTensor.createTensor(this.environment, LongBuffer.wrap(mask), new long[] { 1, total })));
			if (this.hasPositionIds) {
				created.add(put(inputs, "position_ids", OnnxTensor.createTensor(this.environment,
						LongBuffer.wrap(positions), new long[] { 1, tokens.length })));
			}
			if (this.keepsLastLogits) {
				// 0 keeps every position's logits; a prompt pass for the next token needs the last one only
				created.add(put(inputs, KEPT_LOGITS, OnnxTensor.createTensor(this.environment, allPositions ? 0L : 1L)));
			}
			for (int l = 0; l < this.layers; l++) {
				for (String kind : new String[] { "key", "value" }) {
					OnnxTensor pastTensor;
					if (cache.result == null) {
						pastTensor = OnnxTensor.createTensor(this.environment, FloatBuffer.allocate(0),
								new long[] { 1, this.kvHeads, 0, this.headSize });
						created.add(pastTensor);
					}
					else {
						pastTensor = (OnnxTensor) cache.result.get("present." + l + "." + kind)
							.orElseThrow(() -> new IllegalStateException("model returned no present." + kind));
					}
					inputs.put("past_key_values." + l + "." + kind, pastTensor);
				}
			}
			OrtSession.Result result = this.session.run(inputs);
			// logits: (1, seq, vocab)
			OnnxTensor logitsTensor = (OnnxTensor) result.get("logits").orElseThrow();
			FloatBuffer logits = logitsTensor.getFloatBuffer();
			int rows = (int) logitsTensor.getInfo().getShape()[1]; // every position, or the last ones only
			int wanted = allPositions ? tokens.length : 1;
			float[][] out = new float[wanted][this.vocabSize];
			for (int i = 0; i < wanted; i++) {
				logits.get((rows - wanted + i) * this.vocabSize, out[i]);
			}
			cache.replace(result, total);
			return out;
		}
		catch (OrtException ex) {
			throw new IllegalStateException("decoder forward pass failed: " + ex.getMessage(), ex);
		}
		finally {
			created.forEach(OnnxValue::close);
		}
	}

	/** Stops profiling (started by the constructor) and returns the file ONNX Runtime wrote. */
	public Path endProfiling() {
		try {
			return Path.of(this.session.endProfiling());
		}
		catch (OrtException ex) {
			throw new IllegalStateException("cannot end profiling: " + ex.getMessage(), ex);
		}
	}

	private static OnnxTensor put(Map<String, OnnxTensor> inputs, String name, OnnxTensor tensor) {
		inputs.put(name, tensor);
		return tensor;
	}

	@Override
	public void close() {
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The keys and values of the tokens seen so far, held as ONNX Runtime's own output tensors (no copy between
	 * steps). Close it when the sequence is done.
	 */
	public static final class KvCache implements AutoCloseable {

		private OrtSession.Result result;

		private int length;

		/** Number of tokens held. */
		public int length() {
			return this.length;
		}

		private void replace(OrtSession.Result next, int newLength) {
			if (this.result != null) {
				this.result.close();
			}
			this.result = next;
			this.length = newLength;
		}

		@Override
		public void close() {
			if (this.result != null) {
				this.result.close();
				this.result = null;
			}
			this.length = 0;
		}

	}

}
