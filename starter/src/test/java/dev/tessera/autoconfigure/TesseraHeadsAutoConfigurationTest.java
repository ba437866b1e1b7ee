package dev.tessera.autoconfigure;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;

import static org.assertj.core.api.Assertions.assertThat;

class TesseraHeadsAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(TesseraInferenceAutoConfiguration.class,
				TesseraKnowledgeAutoConfiguration.class, TesseraAssistantsAutoConfiguration.class,
				TesseraHeadsAutoConfiguration.class))
		.withPropertyValues("tessera.packs.include-classpath=false",
				"tessera.data-dir=target/test-data/heads-knowledge-" + java.util.UUID.randomUUID(),
				"tessera.packs.locations=classpath:heads-packs/*/assistant.yaml",
				"tessera.inference.encoder.quantized=true");

	@Test
	void trains_the_packs_heads_at_start_up_and_reuses_them_on_the_next_start(@TempDir Path heads) {
		String directory = "tessera.heads.directory=" + heads;
		this.runner.withPropertyValues(directory).run(context -> {
			TaskHead mood = context.getBean(TaskHeadService.class).require("greeter", "mood");
			assertThat(mood.spec().version()).isEqualTo(1);
			assertThat(mood.spec().labels()).containsExactly("happy", "unhappy");
			assertThat(mood.predict("The staff were rude and unhelpful").label()).isEqualTo("unhappy");
		});
		assertThat(heads.resolve("greeter/mood/v1/head.json")).isRegularFile();
		this.runner.withPropertyValues(directory).run(context -> {
			// same examples: the saved version serves, nothing is trained again
			assertThat(context.getBean(TaskHeadService.class).require("greeter", "mood").spec().version())
				.isEqualTo(1);
		});
		assertThat(heads.resolve("greeter/mood")).isDirectoryNotContaining("glob:**/v2");
	}

	@Test
	void can_be_switched_off() {
		this.runner.withPropertyValues("tessera.heads.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(TaskHeadService.class));
		this.runner.withPropertyValues("tessera.inference.encoder.enabled=false")
			.run(context -> assertThat(context).doesNotHaveBean(TaskHeadService.class));
	}

}
