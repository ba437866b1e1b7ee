package dev.tessera.inference.imports;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import static dev.tessera.inference.imports.OnnxGraphBuilder.attr;

/**
 * Writes tiny transformer-style encoders with a classification head, in the exported Hugging Face layout
 * ({@code input_ids}, {@code attention_mask}, {@code token_type_ids} → {@code logits}), for testing the classifier and
 * cross-encoder APIs without downloading a model. The head is a masked mean of token embeddings times a matrix;
 * chosen tokens are given a clear direction so the model's answers are known.
 */
public final class TinyEncoderModels {

	private static final int DIM = 8;

	private TinyEncoderModels() {
	}

	/**
	 * @param markerTokens token ids that push towards label 1 (all other tokens are near zero)
	 * @param labels number of logits (1 for a cross-encoder)
	 */
	public static void write(Path directory, long[] markerTokens, int labels) throws IOException {
		Files.createDirectories(directory);
		try (InputStream tokenizer = TinyEncoderModels.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
			Files.write(directory.resolve("tokenizer.json"), tokenizer.readAllBytes());
		}
		int vocab = 30522;
		float[] embedding = new float[vocab * DIM];
		SplittableRandom random = new SplittableRandom(5);
		for (int i = 0; i < embedding.length; i++) {
			embedding[i] = (float) ((random.nextDouble() - 0.5) * 0.02);
		}
		for (long token : markerTokens) {
			embedding[(int) token * DIM] = 8f; // direction 0 marks the concept
		}
		float[] head = new float[DIM * labels];
		head[labels - 1] = 3f; // direction 0 -> the last logit
		float[] bias = new float[labels];
		if (labels > 1) {
			bias[0] = 0.5f;
		}
		try (OnnxGraphBuilder g = new OnnxGraphBuilder("tiny-encoder", null)) {
			g.input("input_ids", DataType.INT64, "batch", "sequence");
			g.input("attention_mask", DataType.INT64, "batch", "sequence");
			g.input("token_type_ids", DataType.INT64, "batch", "sequence");
			String tokens = g.node("Gather", List.of(g.floats("embeddings", embedding, vocab, DIM), "input_ids"),
					attr("axis", 0L)); // (batch, seq, dim)
			String mask = g.node("Unsqueeze", List.of(
					g.node("Cast", List.of("attention_mask"), attr("to", (long) DataType.FLOAT.getNumber())),
					g.longs(-1))); // (batch, seq, 1)
			String sum = g.node("ReduceSum", List.of(g.node("Mul", List.of(tokens, mask)), g.longs(1)),
					attr("keepdims", 0L));
			String count = g.node("ReduceSum", List.of(mask, g.longs(1)), attr("keepdims", 0L));
			String mean = g.node("Div", List.of(sum, count)); // (batch, dim)
			String logits = g.node("Add", List.of(g.node("MatMul", List.of(mean, g.floats("head", head, DIM, labels))),
					g.floats("bias", bias, labels)));
			g.node("Identity", List.of(logits), List.of("logits"));
			g.output("logits", DataType.FLOAT, "batch", labels);
			g.writeModel(directory.resolve("model.onnx"), List.of());
		}
	}

}
