package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a SentencePiece-style BPE vocabulary as a Hugging Face {@code tokenizer.json}: dummy-prefix and
 * space-to-{@code ▁} normalization, byte fallback, BOS prepended on encoding. Merges are derived from the piece
 * scores (a merge ranks as high as the score of the piece it makes), which reproduces the llama2.c and SentencePiece
 * encoders' greedy highest-score merging.
 */
public final class TokenizerJsonWriter {

	private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

	public void write(Vocabulary vocabulary, Path file) throws IOException {
		Files.writeString(file, JSON.writeValueAsString(tokenizer(vocabulary)));
	}

	Map<String, Object> tokenizer(Vocabulary v) {
		String unk = v.pieces().get(v.unkId());
		String bos = v.pieces().get(v.bosId());
		String eos = v.pieces().get(v.eosId());
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("version", "1.0");
		root.put("truncation", null);
		root.put("padding", null);
		List<Map<String, Object>> added = new ArrayList<>(
				List.of(special(v.unkId(), unk, true), special(v.bosId(), bos, true), special(v.eosId(), eos, true)));
		for (int id : v.specialIds()) {
			if (id != v.unkId() && id != v.bosId() && id != v.eosId()) {
				added.add(special(id, v.pieces().get(id), true));
			}
		}
		added.sort(Comparator.comparingInt(token -> (Integer) token.get("id")));
		root.put("added_tokens", added);
		Map<String, Object> spaces = Map.of("type", "Replace", "pattern", Map.of("String", " "), "content",
				Vocabulary.SPACE);
		root.put("normalizer", v.addSpacePrefix() ? Map.of("type", "Sequence", "normalizers",
				List.of(Map.of("type", "Prepend", "prepend", Vocabulary.SPACE), spaces)) : spaces);
		root.put("pre_tokenizer", null);
		root.put("post_processor", v.addBos() ? prependBos(bos, v.bosId()) : null);
		List<Map<String, Object>> decoders = new ArrayList<>(
				List.of(Map.of("type", "Replace", "pattern", Map.of("String", Vocabulary.SPACE), "content", " "),
						Map.of("type", "ByteFallback"), Map.of("type", "Fuse")));
		if (v.addSpacePrefix()) {
			decoders.add(Map.of("type", "Strip", "content", " ", "start", 1, "stop", 0)); // the dummy prefix
		}
		root.put("decoder", Map.of("type", "Sequence", "decoders", decoders));
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("type", "BPE");
		model.put("dropout", null);
		model.put("unk_token", unk);
		model.put("continuing_subword_prefix", null);
		model.put("end_of_word_suffix", null);
		model.put("fuse_unk", true);
		model.put("byte_fallback", true);
		model.put("ignore_merges", false);
		Map<String, Integer> vocab = new LinkedHashMap<>();
		for (int i = 0; i < v.size(); i++) {
			vocab.putIfAbsent(v.pieces().get(i), i);
		}
		model.put("vocab", vocab);
		model.put("merges", merges(v, vocab));
		root.put("model", model);
		return root;
	}

	/** A post-processor that prepends BOS to every encoding. */
	static Map<String, Object> prependBos(String bos, int bosId) {
		Map<String, Object> bosSpecial = Map.of("SpecialToken", Map.of("id", bos, "type_id", 0));
		return Map.of("type", "TemplateProcessing", "single",
				List.of(bosSpecial, Map.of("Sequence", Map.of("id", "A", "type_id", 0))), "pair",
				List.of(bosSpecial, Map.of("Sequence", Map.of("id", "A", "type_id", 0)), bosSpecial,
						Map.of("Sequence", Map.of("id", "B", "type_id", 1))),
				"special_tokens", Map.of(bos, Map.of("id", bos, "ids", List.of(bosId), "tokens", List.of(bos))));
	}

	/** An added token, matched whole; special ones are dropped when decoding skips special tokens. */
	static Map<String, Object> special(int id, String content, boolean special) {
		Map<String, Object> token = new LinkedHashMap<>();
		token.put("id", id);
		token.put("content", content);
		token.put("single_word", false);
		token.put("lstrip", false);
		token.put("rstrip", false);
		token.put("normalized", false);
		token.put("special", special);
		return token;
	}

	/** Every split of a piece into two pieces of the vocabulary, ranked by the piece's score (highest first). */
	static List<String> merges(Vocabulary v, Map<String, Integer> vocab) {
		record Merge(String left, String right, float score, int id) {
		}
		List<Merge> merges = new ArrayList<>();
		Map<String, Boolean> seen = new HashMap<>();
		java.util.Set<Integer> specials = new java.util.HashSet<>(v.specialIds());
		for (int id = 0; id < v.size(); id++) {
			if (id == v.unkId() || id == v.bosId() || id == v.eosId() || specials.contains(id)) {
				continue;
			}
			String piece = v.pieces().get(id);
			if (piece.startsWith("<0x") && piece.endsWith(">") || vocab.get(piece) != id) {
				continue;
			}
			int[] codePoints = piece.codePoints().toArray();
			for (int split = 1; split < codePoints.length; split++) {
				String left = new String(codePoints, 0, split);
				String right = new String(codePoints, split, codePoints.length - split);
				if (vocab.containsKey(left) && vocab.containsKey(right)
						&& seen.putIfAbsent(left + " " + right, true) == null) {
					merges.add(new Merge(left, right, v.scores()[id], id));
				}
			}
		}
		merges.sort(Comparator.comparingDouble((Merge m) -> -m.score()).thenComparingInt(Merge::id));
		return merges.stream().map(m -> m.left() + " " + m.right()).toList();
	}

}
