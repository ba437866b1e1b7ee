package dev.tessera.bench.inference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
		if (benchJar() == null) {
			return resolve(gguf, null, format); // running from classes: import here
		}
		runApart(List.of(), "import", "--from", gguf.toString(), "--out", target.toString(), "--name", name,
				"--weights", format.label());
		return ModelDirectory.open(target);
	}

	/** This bench's runnable jar, or null when it runs from classes (tests), where no child process can start it. */
	static Path benchJar() {
		// started with -jar, the class path is the jar itself (the classes' own location is a URL inside it)
		String classPath = System.getProperty("java.class.path", "");
		Path jar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator) ? Path.of(classPath)
				: null;
		return jar != null && Files.isRegularFile(jar) ? jar : null;
	}

	/** Runs one bench command in a JVM of its own ({@code jvmOptions} first), its output shown here; fails on exit ≠ 0. */
	static void runApart(List<String> jvmOptions, String... command) throws Exception {
		List<String> line = new ArrayList<>();
		line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		line.addAll(jvmOptions);
		line.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-jar", benchJar().toString()));
		line.addAll(List.of(command));
		Process child = new ProcessBuilder(line).inheritIO().start();
		if (child.waitFor() != 0) {
			throw new IllegalStateException(String.join(" ", command) + " failed in its own process (exit "
					+ child.exitValue() + ")");
		}
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
