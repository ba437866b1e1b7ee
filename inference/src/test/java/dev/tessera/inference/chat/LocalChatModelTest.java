package dev.tessera.inference.chat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;

import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalChatModelTest {

	@TempDir
	static Path work;

	static OnnxCausalLm model;

	static HuggingFaceTextTokenizer tokenizer;

	static LocalChatModel chat;

	@BeforeAll
	static void load() throws Exception {
		Path stories = SharedFixtures.stories260K();
		new ModelImporter().importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), work,
				"stories260K");
		ModelDirectory directory = ModelDirectory.open(work);
		model = new OnnxCausalLm(directory.file("model"), 1);
		tokenizer = HuggingFaceTextTokenizer.fromFile(directory.file("tokenizer"));
		chat = new LocalChatModel("stories260K", new TextGenerator(model, tokenizer), tokenizer, ChatTemplate.plain(),
				Set.of(2L), new LocalChatModel.Defaults(64, SamplingOptions.GREEDY),
				new ConcurrencyGate("stories260K", 2, 4, Duration.ofSeconds(30)));
	}

	@AfterAll
	static void close() {
		if (model != null) {
			model.close();
			tokenizer.close();
		}
	}

	@Test
	void answers_a_prompt_with_usage_and_finish_reason() {
		ChatResponse response = chat.call(new Prompt(List.of(new UserMessage("Once upon a time"))));

		assertThat(response.getResult().getOutput().getText()).isNotBlank();
		assertThat(response.getMetadata().getModel()).isEqualTo("stories260K");
		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(64);
		assertThat(response.getMetadata().getUsage().getPromptTokens()).isPositive();
		assertThat(response.getResult().getMetadata().getFinishReason()).isEqualTo("LENGTH");
	}

	@Test
	void streams_the_same_text_it_answers() {
		Prompt prompt = new Prompt(List.of(new UserMessage("Lily went to the park")),
				ChatOptions.builder().maxTokens(40).build());
		String called = chat.call(prompt).getResult().getOutput().getText();

		List<ChatResponse> chunks = chat.stream(prompt).collectList().block(Duration.ofSeconds(30));

		assertThat(chunks).hasSizeGreaterThan(2);
		String streamed = String.join("", chunks.stream().map(c -> c.getResult().getOutput().getText()).toList());
		assertThat(streamed).isEqualTo(called);
		assertThat(chunks.getLast().getResult().getMetadata().getFinishReason()).isEqualTo("LENGTH");
		// greedy: the same tokens, so the same confidence in them
		double confidence = chat.call(prompt).getResult().getMetadata().<Double>get(LocalChatModel.CONFIDENCE);
		assertThat(confidence).isGreaterThan(0.0).isLessThanOrEqualTo(1.0);
		assertThat(chunks.getLast().getResult().getMetadata().<Double>get(LocalChatModel.CONFIDENCE))
			.isEqualTo(confidence);
	}

	@Test
	void a_subscriber_that_stops_early_gets_only_what_it_asked_for() {
		List<ChatResponse> first = chat.stream(new Prompt(List.of(new UserMessage("Once upon a time")),
				ChatOptions.builder().maxTokens(200).build())).take(3).collectList().block(Duration.ofSeconds(30));

		assertThat(first).hasSize(3);
	}

	@Test
	void prompt_options_override_the_defaults() {
		ChatResponse response = chat.call(new Prompt(List.of(new SystemMessage("Tell a story."), new UserMessage("Tom")),
				ChatOptions.builder().maxTokens(5).temperature(0.0).build()));

		assertThat(response.getMetadata().getUsage().getCompletionTokens()).isEqualTo(5);
	}

	@Test
	void renders_a_model_chat_template_with_jinja() {
		ChatTemplate template = ChatTemplate.jinja("""
				{%- for message in messages %}<|im_start|>{{ message['role'] }}
				{{ message['content'] }}<|im_end|>
				{% endfor %}{%- if add_generation_prompt %}<|im_start|>assistant
				{% endif %}""", "", "<|im_end|>");

		String text = template.render(List.of(Map.of("role", "system", "content", "Be brief."),
				Map.of("role", "user", "content", "Where is my order?")));

		assertThat(text).isEqualTo("""
				<|im_start|>system
				Be brief.<|im_end|>
				<|im_start|>user
				Where is my order?<|im_end|>
				<|im_start|>assistant
				""");
		assertThat(template.rendersSpecialTokens()).isTrue();
	}

	@Test
	void a_llama_3_template_gets_today_s_date_from_strftime_now() {
		// as Llama 3.x templates write their system header
		ChatTemplate template = ChatTemplate.jinja("""
				{%- if strftime_now is defined %}{%- set date_string = strftime_now("%d %b %Y") %}{%- else %}\
				{%- set date_string = "26 Jul 2024" %}{%- endif %}Today Date: {{ date_string }}""", "", "");

		String today = java.time.format.DateTimeFormatter.ofPattern("dd MMM yyyy", java.util.Locale.ENGLISH)
			.format(java.time.LocalDate.now());
		assertThat(template.render(List.of(Map.of("role", "user", "content", "hi")))).isEqualTo("Today Date: " + today);
		assertThat(ChatTemplate.strftimeNow("%Y-%m-%d %%")).isEqualTo(java.time.LocalDate.now() + " %");
	}

	@Test
	void a_template_that_raises_is_a_clear_error() {
		ChatTemplate template = ChatTemplate.jinja(
				"{% if messages[0]['role'] != 'user' %}{{ raise_exception('conversation must start with user') }}{% endif %}",
				"", "");

		assertThatThrownBy(() -> template.render(List.of(Map.of("role", "assistant", "content", "hi"))))
			.hasMessageContaining("conversation must start with user");
	}

	@Test
	void reads_the_template_from_tokenizer_config(@TempDir Path dir) throws Exception {
		java.nio.file.Files.writeString(dir.resolve("tokenizer_config.json"),
				"{\"chat_template\": \"{{ bos_token }}{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}{% endfor %}\","
						+ " \"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": \"</s>\"}");

		ChatTemplate template = ChatTemplate.fromTokenizerConfig(dir.resolve("tokenizer_config.json"));

		assertThat(template.render(List.of(Map.of("role", "user", "content", "hi")))).isEqualTo("<s>[user] hi");
		assertThat(ChatTemplate.fromTokenizerConfig(dir.resolve("absent.json")).rendersSpecialTokens()).isFalse();
	}

}
