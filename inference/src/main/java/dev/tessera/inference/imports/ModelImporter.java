package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.registry.ModelManifest;

/**
 * Converts a llama-architecture checkpoint into a model directory: {@code model.onnx} (plus {@code model.onnx.data}
 * for large models), {@code tokenizer.json} and {@code manifest.json}. The graph is the fused one where the shape
 * allows it (head size a multiple of 16), else the plain one.
 */
public final class ModelImporter {

	/** Weights above this size go to an external data file; protobuf cannot hold 2 GB. */
	static final long EXTERNAL_DATA_THRESHOLD_BYTES = 1L << 30;

	private final WeightFormat format;

	/** An importer writing float32 weights. */
	public ModelImporter() {
		this(WeightFormat.FLOAT32);
	}

	public ModelImporter(WeightFormat format) {
		this.format = format;
	}

	/** Imports a llama2.c {@code .bin} with its {@code tok*.bin} tokenizer. */
	public ModelManifest importLlama2c(Path checkpoint, Path tokenizer, Path outputDirectory, String name)
			throws IOException {
		Llama2cCheckpoint weights = new Llama2cCheckpoint(checkpoint);
		Vocabulary vocabulary = Llama2cCheckpoint.readTokenizer(tokenizer, weights.config().vocabSize());
		return write(weights, vocabulary, outputDirectory, name, checkpoint.getFileName().toString());
	}

	/**
	 * Imports a GGUF file of the llama architecture with its embedded vocabulary; with {@link WeightFormat#FILE} its
	 * quantized tensors keep their own blocks.
	 */
	public ModelManifest importGguf(Path gguf, Path outputDirectory, String name) throws IOException {
		GgufWeights weights = new GgufWeights(gguf);
		return write(weights, weights.vocabulary(), outputDirectory, name, gguf.getFileName().toString(),
				Map.of("tensor_types", weights.tensorTypes()));
	}

	/** Writes any weights (e.g. randomly initialised ones of a real model's shape) with a vocabulary. */
	public ModelManifest write(LlamaWeights weights, Vocabulary vocabulary, Path outputDirectory, String name,
			String source) throws IOException {
		return write(weights, vocabulary, outputDirectory, name, source, Map.of());
	}

	private ModelManifest write(LlamaWeights weights, Vocabulary vocabulary, Path outputDirectory, String name,
			String source, Map<String, String> sourceProperties) throws IOException {
		Files.createDirectories(outputDirectory);
		LlamaConfig c = weights.config();
		boolean external = c.parameterCount() * Float.BYTES > EXTERNAL_DATA_THRESHOLD_BYTES;
		Path model = outputDirectory.resolve("model.onnx");
		DecoderGraphWriter writer = DecoderGraphWriter.fastestFor(c);
		LlamaOnnxWriter.Summary summary = writer.write(weights, model, external, this.format);
		new TokenizerJsonWriter().write(vocabulary, outputDirectory.resolve("tokenizer.json"));
		Map<String, String> files = new LinkedHashMap<>();
		files.put("model", "model.onnx");
		if (external) {
			files.put("weights", "model.onnx" + LlamaOnnxWriter.EXTERNAL_DATA_SUFFIX);
		}
		files.put("tokenizer", "tokenizer.json");
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("architecture", c.architecture().name());
		properties.put("source", source);
		properties.put("dim", Integer.toString(c.dim()));
		properties.put("hidden_dim", Integer.toString(c.hiddenDim()));
		properties.put("layers", Integer.toString(c.layers()));
		properties.put("heads", Integer.toString(c.heads()));
		properties.put("kv_heads", Integer.toString(c.kvHeads()));
		properties.put("vocab_size", Integer.toString(c.vocabSize()));
		properties.put("max_sequence_length", Integer.toString(c.maxSeqLen()));
		properties.put("parameters", Long.toString(c.parameterCount()));
		properties.put("graph", writer instanceof FusedLlamaOnnxWriter ? "fused" : "plain");
		properties.put("weight_precision", this.format.label());
		properties.put("weight_bytes", Long.toString(summary.weightBytes()));
		properties.put("bytes_read_per_token", Long.toString(summary.bytesReadPerToken()));
		properties.putAll(sourceProperties);
		properties.put("bos_token_id", Integer.toString(vocabulary.bosId()));
		properties.put("eos_token_id", Integer.toString(vocabulary.eosId()));
		return ModelDirectory.writeManifest(outputDirectory, name, "decoder", files, properties);
	}

}
