package dev.tessera.autoconfigure;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tessera.inference.chat.LocalChatModel;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.registry.InvalidModelException;
import dev.tessera.inference.testing.SharedFixtures;

import static org.assertj.core.api.Assertions.assertThat;

class TesseraInferenceAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TesseraInferenceAutoConfiguration.class));

	@Test
	void offers_the_bundled_encoder_as_the_embedding_model() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(EmbeddingModel.class).doesNotHaveBean(ChatModel.class);
			EmbeddingModel model = context.getBean(EmbeddingModel.class);
			assertThat(model).isInstanceOf(LocalEmbeddingModel.class);
			assertThat(model.embed("where is my parcel")).hasSize(384);
		});
	}

	@Test
	void the_encoder_can_be_switched_off() {
		this.runner.withPropertyValues("tessera.inference.encoder.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(EmbeddingModel.class));
	}

	@Test
	void an_encoder_pass_gets_the_processors_share_among_the_passes_that_run_at_once_unless_set() {
		int processors = Runtime.getRuntime().availableProcessors();
		this.runner.withPropertyValues("tessera.inference.encoder.max-concurrent=2").run(context -> {
			TesseraInferenceProperties properties = context.getBean(TesseraInferenceProperties.class);
			assertThat(properties.getThreads()).isNull();
			assertThat(properties.encoderPassThreads()).isEqualTo(Math.max(1, processors / 2));
		});
		this.runner.withPropertyValues("tessera.inference.encoder.max-concurrent=" + (processors * 4))
			.run(context -> assertThat(context.getBean(TesseraInferenceProperties.class).encoderPassThreads())
				.as("never fewer than one").isEqualTo(1));
		this.runner.withPropertyValues("tessera.inference.threads=0")
			.run(context -> assertThat(context.getBean(TesseraInferenceProperties.class).encoderPassThreads())
				.as("0: ONNX Runtime's own choice").isZero());
	}

	@Test
	void a_decoder_directory_becomes_a_chat_model(@TempDir Path dir) throws Exception {
		Path stories = SharedFixtures.stories260K();
		new ModelImporter().importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), dir,
				"stories260K");

		this.runner
			.withPropertyValues("tessera.inference.decoder.model-dir=" + dir, "tessera.inference.decoder.max-tokens=16")
			.run(context -> {
				ChatModel chat = context.getBean(ChatModel.class);
				assertThat(chat).isInstanceOf(LocalChatModel.class);
				var response = chat.call(new org.springframework.ai.chat.prompt.Prompt(
						List.of(new org.springframework.ai.chat.messages.UserMessage("Once upon a time"))));
				assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(16);
				assertThat(response.getMetadata().getModel()).isEqualTo("stories260K");
			});
	}

	@Test
	void a_broken_decoder_directory_stops_start_up_naming_the_file(@TempDir Path dir) {
		this.runner.withPropertyValues("tessera.inference.decoder.model-dir=" + dir).run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidModelException.class)
				.hasMessageContaining("manifest.json is missing");
		});
	}

}
