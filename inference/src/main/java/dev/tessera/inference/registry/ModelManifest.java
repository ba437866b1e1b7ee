package dev.tessera.inference.registry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code manifest.json} of a model directory.
 *
 * @param name the model's name
 * @param kind what it is: {@code decoder}, {@code sentence-encoder}, {@code sequence-classifier}, {@code cross-encoder}
 * @param files every file of the model with its size and SHA-256, verified at load
 * @param properties facts about the model (shape, special token ids, source)
 */
public record ModelManifest(String name, String kind, List<ModelFile> files, Map<String, String> properties) {

	public static final String FILE_NAME = "manifest.json";

	public ModelManifest {
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(kind, "kind cannot be null");
		files = List.copyOf(files);
		properties = properties == null ? Map.of() : Map.copyOf(properties);
	}

	/**
	 * @param path relative to the model directory
	 * @param role what the file is for, e.g. {@code model}, {@code weights}, {@code tokenizer}
	 */
	public record ModelFile(String path, String role, long size, String sha256) {
	}

	public String property(String key) {
		String value = this.properties.get(key);
		if (value == null) {
			throw new IllegalArgumentException("model '" + this.name + "' has no property '" + key + "' in its manifest");
		}
		return value;
	}

	public ModelFile file(String role) {
		return this.files.stream()
			.filter(f -> f.role().equals(role))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("model '" + this.name + "' has no file with role '" + role
					+ "'; its files: " + this.files.stream().map(ModelFile::path).toList()));
	}

}
