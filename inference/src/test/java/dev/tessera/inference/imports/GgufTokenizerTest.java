package dev.tessera.inference.imports;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.chat.ChatTemplate;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tokenizers a GGUF file carries, written as tokenizer.json: SentencePiece (llama.cpp's fixtures) and byte-level
 * BPE (a file written here, with GPT-2's byte alphabet, merges, control tokens and a chat template). Both must give
 * back multilingual text, emoji and code unchanged, and match control tokens whole.
 */
class GgufTokenizerTest {

	private static final List<String> TEXTS = List.of("The theme: the 12 apples cost 3.50.",
			"Grüße aus Köln, 東京とパリ, Ελληνικά, עברית, हिन्दी", "emoji 🎉👩‍💻 and ¯\\_(ツ)_/¯",
			"for (int i = 0; i < n; i++) {\n\treturn map.get(\"key\") != null;\n}\n", "  leading and trailing  ");

	@TempDir
	Path work;

	@Test
	void a_sentencepiece_vocabulary_round_trips_text_and_matches_its_control_tokens() throws Exception {
		GgufFile file = new GgufFile(SharedFixtures.ggufFixtures().resolve("llama-Q8_0.gguf"));
		GgufTokenizer tokenizer = new GgufTokenizer(file, 2048);
		assertThat(tokenizer.model()).isEqualTo("llama");
		assertThat(tokenizer.write(this.work)).containsExactly("tokenizer.json");
		try (HuggingFaceTextTokenizer hf = HuggingFaceTextTokenizer.fromFile(this.work.resolve("tokenizer.json"))) {
			// the fixture's pieces (its PROVENANCE.md): ▁t is 271, the digits 0-9 are 261-270; no piece joins them
			assertThat(hf.encode("t30 t1", true)).containsExactly(1, 271, 264, 261, 271, 262);
			long[] chat = hf.encode("<|user|>t1<|end|>", false);
			assertThat(chat[0]).isEqualTo(2045);
			assertThat(chat[chat.length - 1]).isEqualTo(2047);
			for (String text : TEXTS) {
				assertThat(hf.decode(hf.encode(text, false), false)).as(text).isEqualTo(text);
			}
		}
	}

	@Test
	void a_vocabulary_without_the_space_prefix_encodes_text_as_it_is() throws Exception {
		// Gemma's SentencePiece vocabularies set add_space_prefix false: "t1" is t, 1 (no ▁ in front)
		Path gguf = this.work.resolve("no-prefix.gguf");
		List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
		for (int b = 0; b < 256; b++) {
			tokens.add(String.format("<0x%02X>", b));
		}
		tokens.addAll(List.of("\u2581", "t", "1", "\u2581t"));
		List<Float> scores = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			scores.add((float) -i);
		}
		new GgufWriter().put("tokenizer.ggml.model", "llama")
			.put("tokenizer.ggml.tokens", tokens)
			.put("tokenizer.ggml.scores", scores)
			.put("tokenizer.ggml.add_space_prefix", false)
			.write(gguf);
		new GgufTokenizer(new GgufFile(gguf), tokens.size()).write(this.work);
		try (HuggingFaceTextTokenizer hf = HuggingFaceTextTokenizer.fromFile(this.work.resolve("tokenizer.json"))) {
			assertThat(hf.encode("t1 t", true)).containsExactly(1, tokens.indexOf("t"), tokens.indexOf("1"),
					tokens.indexOf("\u2581t"));
			for (String text : TEXTS) {
				assertThat(hf.decode(hf.encode(text, false), false)).as(text).isEqualTo(text);
			}
		}
	}

	@Test
	void a_byte_level_bpe_vocabulary_round_trips_text_and_writes_its_chat_template() throws Exception {
		Path gguf = this.work.resolve("bpe.gguf");
		List<String> tokens = new ArrayList<>(byteLevelAlphabet());
		List<String> merges = List.of("Ġ t", "h e", "Ġt he", "1 2", "a p", "ap p");
		for (String merge : merges) {
			tokens.add(merge.replace(" ", ""));
		}
		int imStart = tokens.size();
		tokens.add("<|im_start|>");
		int imEnd = tokens.size();
		tokens.add("<|im_end|>");
		List<Integer> types = new ArrayList<>();
		for (int i = 0; i < tokens.size(); i++) {
			types.add(i >= imStart ? 3 : 1);
		}
		String template = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
				+ "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";
		new GgufWriter().put("general.architecture", "qwen2")
			.put("tokenizer.ggml.model", "gpt2")
			.put("tokenizer.ggml.pre", "qwen2")
			.put("tokenizer.ggml.tokens", tokens)
			.put("tokenizer.ggml.token_type", types)
			.put("tokenizer.ggml.merges", merges)
			.put("tokenizer.ggml.bos_token_id", imStart)
			.put("tokenizer.ggml.eos_token_id", imEnd)
			.put("tokenizer.ggml.eot_token_id", imEnd)
			.put("tokenizer.ggml.add_bos_token", false)
			.put("tokenizer.chat_template", template)
			.write(gguf);

		GgufTokenizer tokenizer = new GgufTokenizer(new GgufFile(gguf), tokens.size());
		assertThat(tokenizer.model()).isEqualTo("gpt2");
		assertThat(tokenizer.stopIds()).containsExactly(imEnd);
		assertThat(tokenizer.write(this.work)).containsExactly("tokenizer.json", "tokenizer_config.json");
		try (HuggingFaceTextTokenizer hf = HuggingFaceTextTokenizer.fromFile(this.work.resolve("tokenizer.json"))) {
			int the = tokens.indexOf("Ġthe");
			int app = tokens.indexOf("app");
			assertThat(hf.encode(" the app", true)).containsExactly(the, tokens.indexOf("Ġ"), app);
			assertThat(hf.encode("<|im_start|>user", false)[0]).isEqualTo(imStart);
			// Qwen2's split keeps digits apart: "12" is never merged
			assertThat(hf.encode("12", false)).containsExactly(tokens.indexOf("1"), tokens.indexOf("2"));
			for (String text : TEXTS) {
				assertThat(hf.decode(hf.encode(text, false), false)).as(text).isEqualTo(text);
			}
		}
		ChatTemplate chat = ChatTemplate.fromTokenizerConfig(this.work.resolve("tokenizer_config.json"));
		assertThat(chat.render(List.of(Map.of("role", "user", "content", "hi"))))
			.isEqualTo("<|im_start|>user\nhi<|im_end|>\n<|im_start|>assistant\n");
	}

	@Test
	void an_unknown_tokenizer_model_is_named() throws Exception {
		Path gguf = this.work.resolve("wordpiece.gguf");
		new GgufWriter().put("tokenizer.ggml.model", "bert").put("tokenizer.ggml.tokens", List.of("a", "b")).write(gguf);
		assertThatThrownBy(() -> new GgufTokenizer(new GgufFile(gguf), 2).write(this.work))
			.hasMessageContaining("'bert'");
		assertThatThrownBy(() -> new GgufTokenizer(new GgufFile(gguf), 3)).hasMessageContaining("2 vocabulary tokens");
		assertThat(Files.exists(this.work.resolve("tokenizer.json"))).isFalse();
	}

	/** GPT-2's bytes_to_unicode: the printable bytes stand for themselves, the others map from U+0100 on. */
	static List<String> byteLevelAlphabet() {
		List<String> alphabet = new ArrayList<>();
		int next = 0;
		for (int b = 0; b < 256; b++) {
			boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
			alphabet.add(Character.toString(printable ? b : 256 + next++));
		}
		return alphabet;
	}

}
