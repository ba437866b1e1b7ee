package dev.tessera.server.models;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.testing.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

class ModelImportCommandTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int run(String... args) {
		return ModelImportCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	@Test
	void imports_a_gguf_into_a_verified_model_directory(@TempDir Path dir) {
		Path stories = SharedFixtures.stories260K();

		int exit = run("import", "--from", stories.resolve("stories260K.gguf").toString(), "--out", dir.toString());

		assertThat(exit).isZero();
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("tessera.inference.decoder.model-dir=" + dir);
		assertThat(ModelDirectory.open(dir).manifest().kind()).isEqualTo("decoder");
	}

	@Test
	void explains_what_is_missing(@TempDir Path dir) {
		assertThat(run("import", "--out", dir.toString())).isEqualTo(2);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("usage:");

		assertThat(run("import", "--from", dir.resolve("missing.bin").toString(), "--out", dir.toString())).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("import failed: a llama2.c checkpoint needs --tokenizer");
	}

}
