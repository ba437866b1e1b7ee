package dev.tessera.bench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import dev.tessera.inference.imports.WeightFormat;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.registry.ModelManifest;

/**
 * Resolves a bench's {@code --model}: a model directory as is; a .bin or .gguf checkpoint imported first into
 * {@code bench/target/models/<name>} (reused when already there and intact).
 */
final class Models {

	private Models() {
	}

	static ModelDirectory resolve(Path model, Path tokenizer) throws Exception {
		return resolve(model, tokenizer, WeightFormat.FLOAT32);
	}

	static ModelDirectory resolve(Path model, Path tokenizer, WeightFormat format) throws Exception {
		if (Files.isDirectory(model)) {
			return ModelDirectory.open(model);
		}
		String file = model.getFileName().toString();
		String name = file.replaceAll("\\.(bin|gguf)$", "");
		Path target = Path.of("bench", "target", "models",
				name + (file.toLowerCase(Locale.ROOT).endsWith(".gguf") ? "-gguf" : "") + "-" + format.label());
		if (Files.exists(target.resolve(ModelManifest.FILE_NAME))) {
			try {
				return ModelDirectory.open(target);
			}
			catch (RuntimeException stale) {
				// re-import below
			}
		}
		ImportCommand.importModel(model, tokenizer, null, target, name, format);
		return ModelDirectory.open(target);
	}

	/**
	 * A GGUF file imported by a child process (this bench's own jar, {@code import}), so that the memory the import
	 * takes is not counted in this process's peak; reused when already imported and intact.
	 */
	static ModelDirectory importedApart(Path gguf, WeightFormat format) throws Exception {
		String name = gguf.getFileName().toString().replaceAll("\\.gguf$", "");
		Path target = Path.of("bench", "target", "models", name + "-gguf-" + format.label());
		if (Files.exists(target.resolve(ModelManifest.FILE_NAME))) {
			try {
				return ModelDirectory.open(target);
			}
			catch (RuntimeException stale) {
				// re-import below
			}
		}
		Path jar = Path.of(Models.class.getProtectionDomain().getCodeSource().getLocation().toURI());
		if (!Files.isRegularFile(jar)) {
			return resolve(gguf, null, format); // running from classes: import here
		}
		Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"--enable-native-access=ALL-UNNAMED", "-jar", jar.toString(), "import", "--from", gguf.toString(),
				"--out", target.toString(), "--name", name, "--weights", format.label())
			.inheritIO()
			.start();
		if (child.waitFor() != 0) {
			throw new IllegalStateException("importing " + gguf + " failed (exit " + child.exitValue() + ")");
		}
		return ModelDirectory.open(target);
	}

	static ModelDirectory randomShape(String shape, WeightFormat format) throws Exception {
		Path target = Path.of("bench", "target", "models", "random-" + shape + "-" + format.label());
		if (Files.exists(target.resolve(ModelManifest.FILE_NAME))) {
			return ModelDirectory.open(target);
		}
		System.out.println("Writing a random-weight model of shape " + shape + " to " + target + " ...");
		ImportCommand.importModel(null, null, shape, target, "random-" + shape + "-" + format.label(), format);
		return ModelDirectory.open(target);
	}

}
