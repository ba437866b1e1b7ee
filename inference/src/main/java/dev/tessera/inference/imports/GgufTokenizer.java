package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A GGUF file's tokenizer as Hugging Face files: {@code tokenizer.json} from {@code tokenizer.ggml.*} (a SentencePiece
 * vocabulary, {@code model = llama}, through {@link TokenizerJsonWriter}; or byte-level BPE, {@code model = gpt2},
 * with its merges and the pre-tokenizer llama.cpp names in {@code tokenizer.ggml.pre}), control and user-defined
 * tokens as added tokens matched whole, and {@code tokenizer_config.json} with the file's
 * {@code tokenizer.chat_template} and BOS/EOS tokens.
 */
public final class GgufTokenizer {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	/** llama.cpp's token types. */
	private static final int CONTROL = 3;

	private static final int USER_DEFINED = 4;

	/** GPT-2's pre-tokenizer split, the default for byte-level BPE. */
	static final String GPT2_SPLIT = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

	/** Llama 3's ({@code llama-bpe}, also {@code smaug-bpe}, {@code dbrx}). */
	static final String LLAMA3_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}|"
			+ " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

	/** Qwen2's: single digits. */
	static final String QWEN2_SPLIT = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}|"
			+ " ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

	private final GgufFile file;

	private final List<String> tokens;

	private final List<Integer> types;

	GgufTokenizer(GgufFile file, int embeddingRows) {
		this.file = file;
		this.tokens = strings("tokenizer.ggml.tokens");
		if (this.tokens == null) {
			throw new IllegalArgumentException(file.path() + " has no tokenizer.ggml.tokens");
		}
		if (this.tokens.size() != embeddingRows) {
			throw new IllegalArgumentException(file.path() + " has " + this.tokens.size()
					+ " vocabulary tokens but its embedding has " + embeddingRows + " rows");
		}
		List<Object> rawTypes = list("tokenizer.ggml.token_type");
		this.types = new ArrayList<>();
		for (int i = 0; i < this.tokens.size(); i++) {
			this.types.add(rawTypes == null ? 1 : ((Number) rawTypes.get(i)).intValue());
		}
	}

	/** {@code llama} (SentencePiece) or {@code gpt2} (byte-level BPE). */
	public String model() {
		Object model = this.file.metadata().get("tokenizer.ggml.model");
		return model == null ? "llama" : model.toString();
	}

	public int bosId() {
		return metadataInt("tokenizer.ggml.bos_token_id", 1);
	}

	public int eosId() {
		return metadataInt("tokenizer.ggml.eos_token_id", 2);
	}

	/** EOS, and the end-of-turn and end-of-message tokens when the file names them: generation stops at any. */
	public Set<Integer> stopIds() {
		Set<Integer> ids = new LinkedHashSet<>();
		ids.add(eosId());
		for (String key : List.of("tokenizer.ggml.eot_token_id", "tokenizer.ggml.eom_token_id")) {
			int id = metadataInt(key, -1);
			if (id >= 0 && id < this.tokens.size()) {
				ids.add(id);
			}
		}
		return ids;
	}

	private boolean addBos() {
		Object add = this.file.metadata().get("tokenizer.ggml.add_bos_token");
		return add instanceof Boolean b ? b : "llama".equals(model());
	}

	/** The vocabulary of a SentencePiece file. */
	Vocabulary vocabulary() {
		List<Object> scores = list("tokenizer.ggml.scores");
		float[] s = new float[this.tokens.size()];
		for (int i = 0; i < s.length; i++) {
			s[i] = scores == null ? 0 : ((Number) scores.get(i)).floatValue();
		}
		Object spacePrefix = this.file.metadata().get("tokenizer.ggml.add_space_prefix");
		return new Vocabulary(this.tokens, s, metadataInt("tokenizer.ggml.unknown_token_id", 0), bosId(), eosId(),
				specialIds(), addBos(), !(spacePrefix instanceof Boolean b) || b);
	}

	/** Control and user-defined tokens: matched whole in text (chat templates write them). */
	private List<Integer> specialIds() {
		List<Integer> ids = new ArrayList<>();
		for (int i = 0; i < this.types.size(); i++) {
			if (this.types.get(i) == CONTROL || this.types.get(i) == USER_DEFINED) {
				ids.add(i);
			}
		}
		return ids;
	}

	/** Writes tokenizer.json, and tokenizer_config.json when the file has a chat template; returns the files written. */
	public List<String> write(Path directory) throws IOException {
		Path tokenizerJson = directory.resolve("tokenizer.json");
		switch (model()) {
			case "llama" -> new TokenizerJsonWriter().write(vocabulary(), tokenizerJson);
			case "gpt2" -> Files.writeString(tokenizerJson, JSON.writeValueAsString(byteLevelBpe()));
			default -> throw new IllegalArgumentException(this.file.path() + " has a '" + model()
					+ "' tokenizer; the importer writes SentencePiece (llama) and byte-level BPE (gpt2) ones");
		}
		List<String> written = new ArrayList<>(List.of("tokenizer.json"));
		Object template = this.file.metadata().get("tokenizer.chat_template");
		if (template instanceof String chatTemplate) {
			Map<String, Object> config = new LinkedHashMap<>();
			config.put("chat_template", chatTemplate);
			config.put("bos_token", this.tokens.get(bosId()));
			config.put("eos_token", this.tokens.get(eosId()));
			config.put("add_bos_token", addBos());
			Files.writeString(directory.resolve("tokenizer_config.json"), JSON.writeValueAsString(config));
			written.add("tokenizer_config.json");
		}
		return written;
	}

	/** tokenizer.json for byte-level BPE: the file's tokens (already byte-level strings) and merges. */
	private Map<String, Object> byteLevelBpe() {
		List<String> merges = strings("tokenizer.ggml.merges");
		if (merges == null) {
			throw new IllegalArgumentException(this.file.path() + " has a BPE tokenizer without tokenizer.ggml.merges");
		}
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("version", "1.0");
		root.put("truncation", null);
		root.put("padding", null);
		List<Map<String, Object>> added = new ArrayList<>();
		for (int id : specialIds()) {
			added.add(TokenizerJsonWriter.special(id, this.tokens.get(id), this.types.get(id) == CONTROL));
		}
		root.put("added_tokens", added);
		root.put("normalizer", "qwen2".equals(pre()) ? Map.of("type", "NFC") : null);
		root.put("pre_tokenizer", Map.of("type", "Sequence", "pretokenizers", List.of(
				Map.of("type", "Split", "pattern", Map.of("Regex", split()), "behavior", "Isolated", "invert", false),
				Map.of("type", "ByteLevel", "add_prefix_space", false, "trim_offsets", true, "use_regex", false))));
		root.put("post_processor", addBos() ? TokenizerJsonWriter.prependBos(this.tokens.get(bosId()), bosId())
				: Map.of("type", "ByteLevel", "add_prefix_space", true, "trim_offsets", false, "use_regex", true));
		root.put("decoder", Map.of("type", "ByteLevel", "add_prefix_space", true, "trim_offsets", true, "use_regex",
				true));
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("type", "BPE");
		model.put("dropout", null);
		model.put("unk_token", null);
		model.put("continuing_subword_prefix", null);
		model.put("end_of_word_suffix", null);
		model.put("fuse_unk", false);
		model.put("byte_fallback", false);
		model.put("ignore_merges", "llama-bpe".equals(pre()));
		Map<String, Integer> vocab = new LinkedHashMap<>();
		for (int i = 0; i < this.tokens.size(); i++) {
			vocab.putIfAbsent(this.tokens.get(i), i);
		}
		model.put("vocab", vocab);
		model.put("merges", merges);
		root.put("model", model);
		return root;
	}

	private String pre() {
		Object pre = this.file.metadata().get("tokenizer.ggml.pre");
		return pre == null ? "default" : pre.toString();
	}

	/** The pre-tokenizer's split for llama.cpp's {@code tokenizer.ggml.pre} name. */
	private String split() {
		return switch (pre()) {
			case "llama-bpe", "llama3", "smaug-bpe", "dbrx" -> LLAMA3_SPLIT;
			case "qwen2", "deepseek-r1-qwen" -> QWEN2_SPLIT;
			default -> GPT2_SPLIT;
		};
	}

	@SuppressWarnings("unchecked")
	private List<Object> list(String key) {
		Object value = this.file.metadata().get(key);
		return value instanceof List<?> list ? (List<Object>) list : null;
	}

	private List<String> strings(String key) {
		List<Object> values = list(key);
		return values == null ? null : values.stream().map(Object::toString).toList();
	}

	private int metadataInt(String key, int fallback) {
		Object value = this.file.metadata().get(key);
		return value instanceof Number n ? n.intValue() : fallback;
	}

}
