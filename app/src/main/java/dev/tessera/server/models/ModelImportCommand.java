package dev.tessera.server.models;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.registry.ModelManifest;

/**
 * {@code java -jar tessera.jar import --from FILE [--tokenizer FILE] --out DIR [--name NAME] [--weights W] [--sha256 HEX]}:
 * checks the file against the SHA-256 its publisher gives (when given) before reading it, then converts a llama2.c
 * {@code .bin} (with its tokenizer) or a GGUF file into a model directory the server can load with
 * {@code tessera.inference.decoder.model-dir}. Runs without starting the server.
 */
public final class ModelImportCommand {

	private ModelImportCommand() {
	}

	/** @return the process exit code */
	public static int run(String[] args, PrintStream out, PrintStream err) {
		Map<String, String> options = new HashMap<>();
		for (int i = 1; i < args.length; i++) {
			if (args[i].startsWith("--") && i + 1 < args.length) {
				options.put(args[i].substring(2), args[++i]);
			}
			else {
				err.println("unexpected argument '" + args[i] + "'");
				return usage(err);
			}
		}
		if (!options.containsKey("from") || !options.containsKey("out")) {
			return usage(err);
		}
		Path from = Path.of(options.get("from"));
		Path target = Path.of(options.get("out"));
		if (options.containsKey("sha256") && java.nio.file.Files.isRegularFile(from)) {
			// checked before anything is read as a model: a file that is not the publisher's is never parsed
			String actual = ModelDirectory.sha256(from);
			if (!actual.equalsIgnoreCase(options.get("sha256").strip())) {
				err.println("import refused: " + from + " has SHA-256 " + actual + ", not the published "
						+ options.get("sha256").strip() + "; nothing was imported");
				return 1;
			}
		}
		String name = options.getOrDefault("name", target.getFileName().toString());
		try {
			ModelImporter importer = new ModelImporter(
					dev.tessera.inference.imports.WeightFormat.parse(options.getOrDefault("weights", "file")));
			ModelManifest manifest = from.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gguf")
					? importer.importGguf(from, target, name)
					: importer.importLlama2c(from, Path.of(required(options, "tokenizer")), target, name);
			String pin = ModelDirectory.sha256(target.resolve(ModelManifest.FILE_NAME));
			out.println("Imported " + manifest.name() + " (" + manifest.property("parameters") + " parameters, source"
					+ " SHA-256 " + manifest.property("source_sha256") + ") to " + target
					+ "; serve it with --tessera.inference.decoder.model-dir=" + target
					+ " --tessera.inference.decoder.model-sha256=" + pin);
			return 0;
		}
		catch (Exception ex) {
			err.println("import failed: " + ex.getMessage());
			return 1;
		}
	}

	private static String required(Map<String, String> options, String key) {
		String value = options.get(key);
		if (value == null) {
			throw new IllegalArgumentException("a llama2.c checkpoint needs --" + key + " (e.g. tok512.bin)");
		}
		return value;
	}

	private static int usage(PrintStream err) {
		err.println("usage: java -jar tessera.jar import --from FILE.bin|FILE.gguf [--tokenizer tok.bin] --out DIR"
				+ " [--name NAME] [--weights file|float32|int8|int4] [--sha256 HEX]   (file: the checkpoint's own precision,"
				+ " a quantized GGUF's blocks unchanged; --sha256: the file's published hash, checked before import)");
		return 2;
	}

}
