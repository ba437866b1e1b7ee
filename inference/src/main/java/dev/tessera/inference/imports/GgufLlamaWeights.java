package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The weights of a GGUF file of the {@code llama} architecture, with its SentencePiece vocabulary. GGUF llama weights
 * use the interleaved rotary layout, the same as llama2.c, so no permutation is needed.
 */
public final class GgufLlamaWeights implements LlamaWeights {

	private final GgufFile file;

	private final LlamaConfig config;

	public GgufLlamaWeights(Path path) throws IOException {
		this.file = new GgufFile(path);
		Object architecture = this.file.metadata().get("general.architecture");
		if (!"llama".equals(architecture)) {
			throw new IOException(path + " has architecture '" + architecture + "'; only 'llama' is supported");
		}
		int dim = this.file.intValue("llama.embedding_length");
		GgufFile.TensorInfo embedding = this.file.tensors().get("token_embd.weight");
		if (embedding == null) {
			throw new IOException(path + " has no token_embd.weight tensor");
		}
		int vocab = Math.toIntExact(embedding.shape()[1]);
		this.config = new LlamaConfig(dim, this.file.intValue("llama.feed_forward_length"),
				this.file.intValue("llama.block_count"), this.file.intValue("llama.attention.head_count"),
				this.file.metadata().containsKey("llama.attention.head_count_kv")
						? this.file.intValue("llama.attention.head_count_kv")
						: this.file.intValue("llama.attention.head_count"),
				vocab, this.file.intValue("llama.context_length"),
				this.file.floatValue("llama.attention.layer_norm_rms_epsilon", 1e-5f),
				this.file.floatValue("llama.rope.freq_base", 10000f),
				!this.file.tensors().containsKey("output.weight"));
	}

	@Override
	public LlamaConfig config() {
		return this.config;
	}

	/** The vocabulary from {@code tokenizer.ggml.*} metadata. */
	public Vocabulary vocabulary() {
		@SuppressWarnings("unchecked")
		List<Object> tokens = (List<Object>) this.file.metadata().get("tokenizer.ggml.tokens");
		@SuppressWarnings("unchecked")
		List<Object> scores = (List<Object>) this.file.metadata().get("tokenizer.ggml.scores");
		if (tokens == null || scores == null) {
			throw new IllegalArgumentException("the GGUF file has no tokenizer.ggml.tokens/scores");
		}
		List<String> pieces = new ArrayList<>(tokens.size());
		float[] s = new float[tokens.size()];
		for (int i = 0; i < tokens.size(); i++) {
			pieces.add((String) tokens.get(i));
			s[i] = ((Number) scores.get(i)).floatValue();
		}
		int unk = metadataInt("tokenizer.ggml.unknown_token_id", 0);
		int bos = metadataInt("tokenizer.ggml.bos_token_id", 1);
		int eos = metadataInt("tokenizer.ggml.eos_token_id", 2);
		return new Vocabulary(pieces, s, unk, bos, eos);
	}

	private int metadataInt(String key, int fallback) {
		Object value = this.file.metadata().get(key);
		return value instanceof Number n ? n.intValue() : fallback;
	}

	private float[] block(int layer, String name) {
		return this.file.floats("blk." + layer + "." + name + ".weight");
	}

	@Override
	public float[] tokenEmbedding() {
		return this.file.floats("token_embd.weight");
	}

	@Override
	public float[] attentionNorm(int layer) {
		return block(layer, "attn_norm");
	}

	@Override
	public float[] wq(int layer) {
		return block(layer, "attn_q");
	}

	@Override
	public float[] wk(int layer) {
		return block(layer, "attn_k");
	}

	@Override
	public float[] wv(int layer) {
		return block(layer, "attn_v");
	}

	@Override
	public float[] wo(int layer) {
		return block(layer, "attn_output");
	}

	@Override
	public float[] ffnNorm(int layer) {
		return block(layer, "ffn_norm");
	}

	@Override
	public float[] w1(int layer) {
		return block(layer, "ffn_gate");
	}

	@Override
	public float[] w2(int layer) {
		return block(layer, "ffn_down");
	}

	@Override
	public float[] w3(int layer) {
		return block(layer, "ffn_up");
	}

	@Override
	public float[] finalNorm() {
		return this.file.floats("output_norm.weight");
	}

	@Override
	public float[] classifier() {
		return this.config.sharedClassifier() ? tokenEmbedding() : this.file.floats("output.weight");
	}

}
