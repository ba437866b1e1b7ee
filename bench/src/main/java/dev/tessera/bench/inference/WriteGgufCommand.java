package dev.tessera.bench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.inference.imports.GgmlType;
import dev.tessera.inference.imports.GgufWriter;
import dev.tessera.inference.imports.LlamaConfig;
import dev.tessera.inference.imports.RandomLlamaWeights;

/**
 * Writes a random-weight model of a published shape as a GGUF file, quantized: the same file then feeds Tessera's
 * importer and llama.cpp in {@code decode-throughput --peer llama.cpp}, for speed and memory on equal terms.
 */
@Command(name = "write-gguf", mixinStandardHelpOptions = true,
		description = "Write a random-weight model of a published shape as a quantized GGUF file.")
public class WriteGgufCommand implements Callable<Integer> {

	@Option(names = "--random-shape", required = true, description = "qwen2.5-0.5b or llama-3.2-1b.")
	String shape;

	@Option(names = "--type", defaultValue = "Q8_0", description = "Q8_0, Q4_0, Q4_K, F16 or F32.")
	String type;

	@Option(names = "--out", required = true, description = "The .gguf file to write.")
	Path out;

	@Override
	public Integer call() throws Exception {
		GgmlType ggml = GgmlType.valueOf(this.type.toUpperCase(Locale.ROOT));
		LlamaConfig config = ImportCommand.shape(this.shape);
		long started = System.nanoTime();
		if (this.out.getParent() != null) {
			Files.createDirectories(this.out.getParent());
		}
		GgufWriter.llama(new RandomLlamaWeights(config, 42), RandomLlamaWeights.vocabulary(config.vocabSize()), ggml)
			.write(this.out);
		System.out.printf(Locale.ROOT, "Wrote %s (%s, %s, %,d bytes) in %.1f s%n", this.out, this.shape, ggml.label(),
				Files.size(this.out), (System.nanoTime() - started) / 1e9);
		return 0;
	}

}
