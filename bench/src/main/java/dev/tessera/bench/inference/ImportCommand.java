package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.inference.imports.LlamaConfig;
import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.imports.RandomLlamaWeights;
import dev.tessera.inference.imports.WeightFormat;
import dev.tessera.inference.registry.ModelManifest;

/**
 * Converts a llama checkpoint (llama2.c .bin with its tokenizer, or GGUF) into a Tessera model directory, or writes a
 * randomly initialised model of a named shape.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
		description = "Convert a llama2.c .bin or GGUF checkpoint (or a random model of a named shape) to an ONNX model directory.")
public class ImportCommand implements Callable<Integer> {

	@Option(names = "--from", description = "Checkpoint: a llama2.c .bin or a .gguf file.")
	Path from;

	@Option(names = "--tokenizer", description = "llama2.c tokenizer (tok*.bin), for a .bin checkpoint.")
	Path tokenizer;

	@Option(names = "--random-shape", description = "Instead of a checkpoint: random weights of this shape (qwen2.5-0.5b, llama-3.2-1b).")
	String randomShape;

	@Option(names = "--out", required = true, description = "Output model directory.")
	Path out;

	@Option(names = "--name", description = "Model name (default: the output folder's name).")
	String name;

	@Option(names = "--weights", defaultValue = "file",
			description = "Projection weights: file (the checkpoint's own: a quantized GGUF's blocks unchanged, else float32), float32, int8 or int4.")
	String weights;

	@Override
	public Integer call() throws Exception {
		String modelName = this.name != null ? this.name : this.out.getFileName().toString();
		long started = System.nanoTime();
		ModelManifest manifest = importModel(this.from, this.tokenizer, this.randomShape, this.out, modelName,
				WeightFormat.parse(this.weights));
		System.out.printf(Locale.ROOT, "Imported %s to %s in %.1f s: %s parameters, %d layers, files %s%n",
				manifest.name(), this.out, (System.nanoTime() - started) / 1e9, manifest.property("parameters"),
				Integer.parseInt(manifest.property("layers")),
				manifest.files().stream().map(ModelManifest.ModelFile::path).toList());
		return 0;
	}

	static ModelManifest importModel(Path from, Path tokenizer, String randomShape, Path out, String name,
			WeightFormat format) throws Exception {
		ModelImporter importer = new ModelImporter(format);
		if (randomShape != null) {
			LlamaConfig shape = shape(randomShape);
			return importer.write(new RandomLlamaWeights(shape, 42), RandomLlamaWeights.vocabulary(shape.vocabSize()),
					out, name, "random " + randomShape);
		}
		if (from == null) {
			throw new IllegalArgumentException("give --from FILE or --random-shape NAME");
		}
		String file = from.getFileName().toString().toLowerCase(Locale.ROOT);
		if (file.endsWith(".gguf")) {
			return importer.importGguf(from, out, name);
		}
		if (tokenizer == null) {
			throw new IllegalArgumentException("a llama2.c checkpoint needs --tokenizer (e.g. tok512.bin)");
		}
		return importer.importLlama2c(from, tokenizer, out, name);
	}

	static LlamaConfig shape(String name) {
		return switch (name.toLowerCase(Locale.ROOT)) {
			case "qwen2.5-0.5b" -> RandomLlamaWeights.qwen25HalfBillionShape();
			case "llama-3.2-1b" -> RandomLlamaWeights.llama32OneBillionShape();
			default -> throw new IllegalArgumentException("unknown shape '" + name
					+ "'; known: qwen2.5-0.5b, llama-3.2-1b");
		};
	}

}
