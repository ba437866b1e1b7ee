package dev.tessera.inference.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelDirectoryTest {

	@TempDir
	Path dir;

	@BeforeEach
	void model() throws Exception {
		Files.write(this.dir.resolve("model.onnx"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 });
		Files.writeString(this.dir.resolve("tokenizer.json"), "{}");
		Map<String, String> files = new LinkedHashMap<>();
		files.put("model", "model.onnx");
		files.put("tokenizer", "tokenizer.json");
		ModelDirectory.writeManifest(this.dir, "tiny", "decoder", files, Map.of("layers", "1"));
	}

	@Test
	void opens_a_complete_model() {
		ModelDirectory model = ModelDirectory.open(this.dir);

		assertThat(model.manifest().name()).isEqualTo("tiny");
		assertThat(model.file("model")).isEqualTo(this.dir.resolve("model.onnx"));
		assertThat(model.manifest().property("layers")).isEqualTo("1");
	}

	@Test
	void names_a_missing_file() throws Exception {
		Files.delete(this.dir.resolve("tokenizer.json"));

		assertThatThrownBy(() -> ModelDirectory.open(this.dir)).isInstanceOf(InvalidModelException.class)
			.hasMessageContaining("tokenizer.json is missing");
	}

	@Test
	void names_a_truncated_file() throws Exception {
		Files.write(this.dir.resolve("model.onnx"), new byte[] { 1, 2, 3 });

		assertThatThrownBy(() -> ModelDirectory.open(this.dir)).isInstanceOf(InvalidModelException.class)
			.hasMessageContaining("model.onnx has 3 bytes, the manifest says 8 (truncated)");
	}

	@Test
	void names_a_corrupt_file() throws Exception {
		Files.write(this.dir.resolve("model.onnx"), new byte[] { 1, 2, 3, 4, 5, 6, 7, 9 });

		assertThatThrownBy(() -> ModelDirectory.open(this.dir)).isInstanceOf(InvalidModelException.class)
			.hasMessageContaining("model.onnx is corrupt: SHA-256");
	}

	@Test
	void refuses_a_directory_without_a_manifest_or_with_a_broken_one() throws Exception {
		Files.writeString(this.dir.resolve("manifest.json"), "{ not json", StandardOpenOption.TRUNCATE_EXISTING);
		assertThatThrownBy(() -> ModelDirectory.open(this.dir)).hasMessageContaining("manifest.json cannot be read");

		Files.delete(this.dir.resolve("manifest.json"));
		assertThatThrownBy(() -> ModelDirectory.open(this.dir)).hasMessageContaining("manifest.json is missing");
	}

}
