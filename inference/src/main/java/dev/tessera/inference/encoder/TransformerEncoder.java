package dev.tessera.inference.encoder;

import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

/**
 * Runs a BERT-style ONNX encoder ({@code input_ids}, {@code attention_mask}, optional {@code token_type_ids}) on a
 * padded batch. Shared by sentence encoders, sequence classifiers and cross-encoders.
 */
final class TransformerEncoder implements AutoCloseable {

	private final OrtEnvironment environment = OrtEnvironment.getEnvironment();

	private final OrtSession session;

	private final HuggingFaceTextTokenizer tokenizer;

	private final int maxLength;

	private final boolean tokenTypes;

	private final String output;

	TransformerEncoder(OrtSession session, HuggingFaceTextTokenizer tokenizer, int maxLength, List<String> outputs,
			String description) throws OrtException {
		this.session = session;
		this.tokenizer = tokenizer;
		this.maxLength = maxLength;
		var inputs = session.getInputInfo().keySet();
		if (!inputs.contains("input_ids") || !inputs.contains("attention_mask")) {
			throw new IllegalArgumentException(description + " is not a transformer encoder: it needs inputs input_ids"
					+ " and attention_mask, it has " + new TreeSet<>(inputs));
		}
		this.tokenTypes = inputs.contains("token_type_ids");
		var available = session.getOutputInfo().keySet();
		this.output = outputs.stream()
			.filter(available::contains)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					description + " has none of the outputs " + outputs + "; it has " + new TreeSet<>(available)));
	}

	static OrtSession session(byte[] model, int threads) throws OrtException {
		try (OrtSession.SessionOptions options = options(threads)) {
			return OrtEnvironment.getEnvironment().createSession(model, options);
		}
	}

	static OrtSession session(java.nio.file.Path model, int threads) throws OrtException {
		try (OrtSession.SessionOptions options = options(threads)) {
			return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
		}
	}

	private static OrtSession.SessionOptions options(int threads) throws OrtException {
		OrtSession.SessionOptions options = new OrtSession.SessionOptions();
		options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
		if (threads > 0) {
			options.setIntraOpNumThreads(threads);
		}
		return options;
	}

	/** Token ids per text (or text pair), cut to the maximum length keeping the final special token. */
	Batch tokenize(List<String> texts, List<String> pairs) {
		List<long[]> ids = new ArrayList<>();
		List<long[]> types = new ArrayList<>();
		for (int i = 0; i < texts.size(); i++) {
			Encoding encoding = pairs == null ? this.tokenizer.encodeWithSpecialTokens(texts.get(i))
					: this.tokenizer.encodePair(texts.get(i), pairs.get(i));
			long[] tokenIds = encoding.getIds();
			long[] typeIds = encoding.getTypeIds();
			if (tokenIds.length > this.maxLength) {
				long last = tokenIds[tokenIds.length - 1];
				long lastType = typeIds[typeIds.length - 1];
				tokenIds = java.util.Arrays.copyOf(tokenIds, this.maxLength);
				typeIds = java.util.Arrays.copyOf(typeIds, this.maxLength);
				tokenIds[this.maxLength - 1] = last;
				typeIds[this.maxLength - 1] = lastType;
			}
			ids.add(tokenIds);
			types.add(typeIds);
		}
		return new Batch(ids, types);
	}

	/**
	 * Runs the batch and returns the chosen output as a flat array with its shape, e.g. last_hidden_state
	 * {@code (batch, seq, hidden)} or logits {@code (batch, labels)}.
	 */
	Output run(Batch batch) {
		int rows = batch.ids().size();
		int width = batch.ids().stream().mapToInt(a -> a.length).max().orElse(0);
		long[] ids = new long[rows * width];
		long[] mask = new long[rows * width];
		long[] types = new long[rows * width];
		for (int r = 0; r < rows; r++) {
			long[] row = batch.ids().get(r);
			System.arraycopy(row, 0, ids, r * width, row.length);
			System.arraycopy(batch.typeIds().get(r), 0, types, r * width, row.length);
			java.util.Arrays.fill(mask, r * width, r * width + row.length, 1L);
		}
		long[] shape = { rows, width };
		Map<String, OnnxTensor> inputs = new HashMap<>();
		try (OnnxTensor idTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(ids), shape);
				OnnxTensor maskTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(mask), shape);
				OnnxTensor typeTensor = OnnxTensor.createTensor(this.environment, LongBuffer.wrap(types), shape)) {
			inputs.put("input_ids", idTensor);
			inputs.put("attention_mask", maskTensor);
			if (this.tokenTypes) {
				inputs.put("token_type_ids", typeTensor);
			}
			try (OrtSession.Result result = this.session.run(inputs, java.util.Set.of(this.output))) {
				OnnxTensor tensor = (OnnxTensor) result.get(0);
				long[] outShape = tensor.getInfo().getShape();
				java.nio.FloatBuffer buffer = tensor.getFloatBuffer();
				float[] values = new float[buffer.remaining()];
				buffer.get(values);
				return new Output(values, outShape, mask, width);
			}
		}
		catch (OrtException ex) {
			throw new IllegalStateException("encoder inference failed: " + ex.getMessage(), ex);
		}
	}

	int tokenCount(Batch batch) {
		return batch.ids().stream().mapToInt(a -> a.length).sum();
	}

	@Override
	public void close() {
		try {
			this.session.close();
		}
		catch (OrtException ex) {
			throw new IllegalStateException(ex);
		}
		this.tokenizer.close();
	}

	record Batch(List<long[]> ids, List<long[]> typeIds) {
	}

	/**
	 * @param values the output, row-major
	 * @param shape its shape
	 * @param mask the attention mask (batch * width)
	 * @param width padded sequence length
	 */
	record Output(float[] values, long[] shape, long[] mask, int width) {
	}

}
