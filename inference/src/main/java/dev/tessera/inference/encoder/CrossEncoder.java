package dev.tessera.inference.encoder;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnxruntime.OrtException;

import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

/**
 * A cross-encoder a user supplies (e.g. a re-ranker): scores how well a passage answers a query by encoding the pair
 * together ({@code [CLS] query [SEP] passage [SEP]}). The ONNX model outputs {@code logits} (batch, 1); the score is
 * that logit (higher is more relevant).
 */
public final class CrossEncoder implements AutoCloseable {

	private final TransformerEncoder encoder;

	private final ConcurrencyGate gate;

	private CrossEncoder(TransformerEncoder encoder, ConcurrencyGate gate) {
		this.encoder = encoder;
		this.gate = gate;
	}

	/** Loads {@code model.onnx} and {@code tokenizer.json} from a directory. */
	public static CrossEncoder fromDirectory(Path directory, int maxLength, int threads, ConcurrencyGate gate) {
		try {
			return new CrossEncoder(new TransformerEncoder(TransformerEncoder.session(directory.resolve("model.onnx"), threads),
					HuggingFaceTextTokenizer.fromFile(directory.resolve("tokenizer.json")), maxLength, List.of("logits"),
					directory.resolve("model.onnx").toString()), gate);
		}
		catch (OrtException ex) {
			throw new IllegalArgumentException("cannot load " + directory + ": " + ex.getMessage(), ex);
		}
	}

	/** One score per passage for the query, in passage order. */
	public float[] score(String query, List<String> passages) {
		if (passages.isEmpty()) {
			return new float[0];
		}
		List<String> queries = new ArrayList<>();
		passages.forEach(p -> queries.add(query));
		return this.gate.run(() -> {
			TransformerEncoder.Output output = this.encoder.run(this.encoder.tokenize(queries, passages));
			int columns = output.shape().length > 1 ? (int) output.shape()[1] : 1;
			float[] scores = new float[passages.size()];
			for (int i = 0; i < scores.length; i++) {
				// single-logit re-rankers; with two logits (not relevant, relevant) take the relevant one
				scores[i] = output.values()[i * columns + columns - 1];
			}
			return scores;
		});
	}

	@Override
	public void close() {
		this.encoder.close();
	}

}
