package dev.tessera.inference.encoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import ai.onnxruntime.OrtException;

import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A sequence-classification model a user supplies: a transformer encoder with a classification head exported to ONNX
 * ({@code input_ids}, {@code attention_mask}[, {@code token_type_ids}] → {@code logits} (batch, labels)), its
 * {@code tokenizer.json}, and the labels from {@code config.json}'s {@code id2label} (Hugging Face layout).
 * Probabilities are the softmax of the logits.
 */
public final class SequenceClassifier implements AutoCloseable {

	private final TransformerEncoder encoder;

	private final List<String> labels;

	private final ConcurrencyGate gate;

	private SequenceClassifier(TransformerEncoder encoder, List<String> labels, ConcurrencyGate gate) {
		this.encoder = encoder;
		this.labels = List.copyOf(labels);
		this.gate = gate;
	}

	/**
	 * Loads {@code model.onnx}, {@code tokenizer.json} and {@code config.json} from a directory.
	 */
	public static SequenceClassifier fromDirectory(Path directory, int maxLength, int threads, ConcurrencyGate gate) {
		try {
			return new SequenceClassifier(new TransformerEncoder(TransformerEncoder.session(directory.resolve("model.onnx"), threads),
					HuggingFaceTextTokenizer.fromFile(directory.resolve("tokenizer.json")), maxLength, List.of("logits"),
					directory.resolve("model.onnx").toString()), labels(directory.resolve("config.json")), gate);
		}
		catch (OrtException ex) {
			throw new IllegalArgumentException("cannot load " + directory + ": " + ex.getMessage(), ex);
		}
	}

	static List<String> labels(Path config) {
		if (!Files.isRegularFile(config)) {
			throw new IllegalArgumentException(config + " is missing: it names the labels (id2label)");
		}
		try {
			JsonNode id2label = JsonMapper.builder().build().readTree(Files.readString(config)).path("id2label");
			if (!id2label.isObject() || id2label.isEmpty()) {
				throw new IllegalArgumentException(config + " has no id2label");
			}
			TreeMap<Integer, String> byId = new TreeMap<>();
			for (var entry : id2label.properties()) {
				byId.put(Integer.parseInt(entry.getKey()), entry.getValue().asString());
			}
			return new ArrayList<>(byId.values());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public List<String> labels() {
		return this.labels;
	}

	/** One probability per label for each text, in label order. */
	public List<float[]> classify(List<String> texts) {
		if (texts.isEmpty()) {
			return List.of();
		}
		return this.gate.run(() -> {
			TransformerEncoder.Output output = this.encoder.run(this.encoder.tokenize(texts, null));
			int classes = (int) output.shape()[1];
			if (classes != this.labels.size()) {
				throw new IllegalStateException(
						"the model has " + classes + " logits but config.json names " + this.labels.size() + " labels");
			}
			return softmaxRows(output.values(), texts.size(), classes);
		});
	}

	static List<float[]> softmaxRows(float[] logits, int rows, int columns) {
		List<float[]> result = new ArrayList<>(rows);
		for (int r = 0; r < rows; r++) {
			float max = Float.NEGATIVE_INFINITY;
			for (int c = 0; c < columns; c++) {
				max = Math.max(max, logits[r * columns + c]);
			}
			float[] p = new float[columns];
			double sum = 0;
			for (int c = 0; c < columns; c++) {
				p[c] = (float) Math.exp(logits[r * columns + c] - max);
				sum += p[c];
			}
			for (int c = 0; c < columns; c++) {
				p[c] /= (float) sum;
			}
			result.add(p);
		}
		return result;
	}

	@Override
	public void close() {
		this.encoder.close();
	}

}
