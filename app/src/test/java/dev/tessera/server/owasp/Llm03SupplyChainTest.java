package dev.tessera.server.owasp;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tessera.autoconfigure.TesseraInferenceAutoConfiguration;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.registry.ModelManifest;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.server.models.ModelImportCommand;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP LLM03 (2025) supply chain, for the models a deployment imports: a file whose SHA-256 is not the one its
 * publisher gives is refused before it is read; a file that is not a model of a supported kind is refused; the
 * imported directory records the source's hash, and every file's, checked at load, so a file changed afterwards stops
 * the server; and a deployment can pin the model by its manifest's SHA-256, so every instance serves the same bytes.
 */
class Llm03SupplyChainTest {

	/** The checkpoint's SHA-256 as its provenance note gives it (a prefix): ../shared/models/stories260K. */
	static final String PUBLISHED_PREFIX = "b0a507e7ad0f6266";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	private int importModel(String... args) {
		return ModelImportCommand.run(args, new PrintStream(this.out, true, StandardCharsets.UTF_8),
				new PrintStream(this.err, true, StandardCharsets.UTF_8));
	}

	private ApplicationContextRunner server(Path modelDir, String pin) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TesseraInferenceAutoConfiguration.class))
			.withPropertyValues("tessera.inference.decoder.model-dir=" + modelDir,
					"tessera.inference.decoder.model-sha256=" + pin);
	}

	@Test
	void a_file_with_another_hash_than_the_published_one_is_refused_before_it_is_read(@TempDir Path dir) {
		Path stories = SharedFixtures.stories260K();
		Path out = dir.resolve("model");

		int exit = importModel("import", "--from", stories.resolve("stories260K.bin").toString(), "--tokenizer",
				stories.resolve("tok512.bin").toString(), "--out", out.toString(), "--sha256", "0".repeat(64));

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).contains("import refused")
			.contains("has SHA-256 " + PUBLISHED_PREFIX)
			.contains("nothing was imported");
		assertThat(out).doesNotExist();
	}

	@Test
	void a_file_that_is_not_a_supported_model_is_refused(@TempDir Path dir) throws Exception {
		Path fake = Files.writeString(dir.resolve("model.gguf"), "<html>not a model</html>");

		int exit = importModel("import", "--from", fake.toString(), "--out", dir.resolve("model").toString());

		assertThat(exit).isEqualTo(1);
		assertThat(this.err.toString(StandardCharsets.UTF_8)).startsWith("import failed:");
		assertThat(dir.resolve("model").resolve(ModelManifest.FILE_NAME)).doesNotExist();
	}

	@Test
	void the_published_file_imports_with_its_hash_recorded_and_the_server_serves_only_the_pinned_bytes(
			@TempDir Path dir) throws Exception {
		Path stories = SharedFixtures.stories260K();
		String sha = ModelDirectory.sha256(stories.resolve("stories260K.bin"));
		assertThat(sha).as("the file is the one the provenance note names").startsWith(PUBLISHED_PREFIX);
		Path model = dir.resolve("model");

		int exit = importModel("import", "--from", stories.resolve("stories260K.bin").toString(), "--tokenizer",
				stories.resolve("tok512.bin").toString(), "--out", model.toString(), "--sha256", sha.toUpperCase());

		assertThat(exit).as(this.err.toString(StandardCharsets.UTF_8)).isZero();
		ModelManifest manifest = ModelDirectory.open(model).manifest();
		assertThat(manifest.property("source_sha256")).isEqualTo(sha);
		assertThat(manifest.files()).allSatisfy(file -> assertThat(file.sha256()).hasSize(64));
		String pin = ModelDirectory.sha256(model.resolve(ModelManifest.FILE_NAME));
		assertThat(this.out.toString(StandardCharsets.UTF_8)).contains("--tessera.inference.decoder.model-sha256=" + pin);

		server(model, pin).run(context -> assertThat(context).hasNotFailed().hasBean("localDecoderModel"));
		server(model, "f".repeat(64)).run(context -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("not the pinned " + "f".repeat(64)));

		// a file changed after import: the manifest's hash no longer matches it, and the server does not start
		Path tokenizer = model.resolve("tokenizer.json");
		byte[] bytes = Files.readAllBytes(tokenizer);
		int at = new String(bytes, StandardCharsets.ISO_8859_1).lastIndexOf('e');
		bytes[at] = 'f'; // same size, one token's text changed
		Files.write(tokenizer, bytes);
		server(model, pin).run(context -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("tokenizer.json")
			.hasMessageContaining("is corrupt: SHA-256"));
	}

}
