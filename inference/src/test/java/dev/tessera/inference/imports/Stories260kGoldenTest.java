package dev.tessera.inference.imports;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.decoder.GenerationRequest;
import dev.tessera.inference.decoder.GenerationResult;
import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on a real trained model: import (llama2.c and GGUF) -> ONNX -> engine -> the exact golden tokens.
 */
class Stories260kGoldenTest {

	@TempDir
	static Path work;

	static Path stories;

	static ModelDirectory fromBin;

	static ModelDirectory fromGguf;

	@BeforeAll
	static void importBoth() throws Exception {
		stories = SharedFixtures.stories260K();
		ModelImporter importer = new ModelImporter();
		importer.importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), work.resolve("bin"),
				"stories260K");
		importer.importGguf(stories.resolve("stories260K.gguf"), work.resolve("gguf"), "stories260K-gguf");
		fromBin = ModelDirectory.open(work.resolve("bin"));
		fromGguf = ModelDirectory.open(work.resolve("gguf"));
	}

	private static GenerationResult greedyFromBos(ModelDirectory model) {
		try (OnnxCausalLm lm = new OnnxCausalLm(model.file("model"), 1);
				HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.fromFile(model.file("tokenizer"))) {
			return new TextGenerator(lm, tokenizer)
				.generate(new GenerationRequest(new long[] { 1 }, 256, SamplingOptions.GREEDY, Set.of(), List.of()),
						(token, delta) -> true);
		}
	}

	@Test
	void the_llama2c_import_generates_the_256_golden_tokens_and_the_documented_text() {
		GenerationResult result = greedyFromBos(fromBin);

		assertThat(result.tokens()).containsExactly(SharedFixtures.goldenTokens(stories));
		assertThat(result.text()).startsWith(SharedFixtures.goldenText(stories));
	}

	@Test
	void the_gguf_import_generates_the_256_golden_tokens() {
		assertThat(greedyFromBos(fromGguf).tokens()).containsExactly(SharedFixtures.goldenTokens(stories));
	}

	@Test
	void the_plain_graph_generates_them_too_and_the_importer_chose_the_fused_one() throws Exception {
		// heads of 8: the fused graph rotates queries and keys before the attention kernel
		assertThat(fromBin.manifest().property("graph")).isEqualTo("fused");
		Path plain = work.resolve("plain");
		java.nio.file.Files.createDirectories(plain);
		new LlamaOnnxWriter().write(new Llama2cCheckpoint(stories.resolve("stories260K.bin")), plain.resolve("model.onnx"),
				false, WeightFormat.FLOAT32);
		try (OnnxCausalLm lm = new OnnxCausalLm(plain.resolve("model.onnx"), 1);
				HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.fromFile(fromBin.file("tokenizer"))) {
			long[] tokens = new TextGenerator(lm, tokenizer)
				.generate(new GenerationRequest(new long[] { 1 }, 256, SamplingOptions.GREEDY, Set.of(), List.of()),
						(token, delta) -> true)
				.tokens();
			assertThat(tokens).containsExactly(SharedFixtures.goldenTokens(stories));
		}
	}

	@Test
	void the_tokenizer_encodes_the_check_sentence_like_llama2c() {
		for (ModelDirectory model : List.of(fromBin, fromGguf)) {
			try (HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.fromFile(model.file("tokenizer"))) {
				assertThat(tokenizer.encode("Once upon a time, there was a little girl named Lily.", true))
					.containsExactly(SharedFixtures.goldenPromptEncoding(stories));
			}
		}
	}

	@Test
	void the_manifest_describes_the_model() {
		assertThat(fromBin.manifest().kind()).isEqualTo("decoder");
		assertThat(fromBin.manifest().properties()).containsEntry("layers", "5")
			.containsEntry("heads", "8")
			.containsEntry("kv_heads", "4")
			.containsEntry("vocab_size", "512");
	}

}
