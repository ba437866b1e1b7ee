package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
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
		// the checkpoint's hash, to trace the model directory back to the file a publisher names
		return write(weights, directory -> {
			new TokenizerJsonWriter().write(vocabulary, directory.resolve("tokenizer.json"));
			return List.of("tokenizer.json");
		}, outputDirectory, name, checkpoint.getFileName().toString(),
				Map.of("bos_token_id", Integer.toString(vocabulary.bosId()), "eos_token_id",
						Integer.toString(vocabulary.eosId()), "source_sha256", ModelDirectory.sha256(checkpoint)));
	}

	/** Writes a model's tokenizer files into its directory. */
	@FunctionalInterface
	interface TokenizerFiles {

		/** @return the names of the files written, tokenizer.json first */
		List<String> write(Path directory) throws IOException;

	}

	/**
	 * Imports a GGUF file of the llama architecture with its embedded vocabulary; with {@link WeightFormat#FILE} its
	 * quantized tensors keep their own blocks.
	 */
	public ModelManifest importGguf(Path gguf, Path outputDirectory, String name) throws IOException {
		GgufWeights weights = new GgufWeights(gguf);
		GgufTokenizer tokenizer = weights.tokenizer();
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("tensor_types", weights.tensorTypes());
		properties.put("tokenizer_model", tokenizer.model());
		properties.put("bos_token_id", Integer.toString(tokenizer.bosId()));
		properties.put("eos_token_id", Integer.toString(tokenizer.eosId()));
		properties.put("stop_token_ids",
				String.join(",", tokenizer.stopIds().stream().map(String::valueOf).toList()));
		properties.put("source_sha256", ModelDirectory.sha256(gguf));
		return write(weights, tokenizer::write, outputDirectory, name, gguf.getFileName().toString(), properties);
	}

	/** Writes any weights (e.g. randomly initialised ones of a real model's shape) with a vocabulary. */
	public ModelManifest write(LlamaWeights weights, Vocabulary vocabulary, Path outputDirectory, String name,
			String source) throws IOException {
		return write(weights, directory -> {
			new TokenizerJsonWriter().write(vocabulary, directory.resolve("tokenizer.json"));
			return List.of("tokenizer.json");
		}, outputDirectory, name, source, Map.of("bos_token_id", Integer.toString(vocabulary.bosId()), "eos_token_id",
				Integer.toString(vocabulary.eosId())));
	}

	private ModelManifest write(LlamaWeights weights, TokenizerFiles tokenizer, Path outputDirectory, String name,
			String source, Map<String, String> sourceProperties) throws IOException {
		Files.createDirectories(outputDirectory);
		LlamaConfig c = weights.config();
		boolean external = c.parameterCount() * Float.BYTES > EXTERNAL_DATA_THRESHOLD_BYTES;
		Path model = outputDirectory.resolve("model.onnx");
		DecoderGraphWriter writer = DecoderGraphWriter.fastestFor(c);
		LlamaOnnxWriter.Summary summary = writer.write(weights, model, external, this.format);
		List<String> tokenizerFiles = tokenizer.write(outputDirectory);
		Map<String, String> files = new LinkedHashMap<>();
		files.put("model", "model.onnx");
		if (external) {
			files.put("weights", "model.onnx" + LlamaOnnxWriter.EXTERNAL_DATA_SUFFIX);
		}
		files.put("tokenizer", tokenizerFiles.get(0));
		if (tokenizerFiles.contains("tokenizer_config.json")) {
			files.put("tokenizer_config", "tokenizer_config.json");
		}
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
		return ModelDirectory.writeManifest(outputDirectory, name, "decoder", files, properties);
	}

}
