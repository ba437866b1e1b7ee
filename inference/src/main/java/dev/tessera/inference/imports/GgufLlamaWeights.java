package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The weights of a GGUF file of the {@code llama} architecture, with its SentencePiece vocabulary. GGUF llama weights
 * use the interleaved rotary layout, the same as llama2.c, so no permutation is needed. Quantized projections are
 * offered as the file's own blocks ({@link #blocks}) and as ggml's dequantization ({@code wq} and the rest).
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
		if (tokens.size() != this.config.vocabSize()) {
			throw new IllegalArgumentException(this.file.path() + " has " + tokens.size()
					+ " vocabulary tokens but its embedding has " + this.config.vocabSize() + " rows");
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

	@Override
	public java.util.Optional<BlockMatrix> blocks(Projection projection, int layer) {
		return this.file.blocks(tensorName(projection, layer));
	}

	@Override
	public float[] ropeFrequencyFactors() {
		return this.file.tensors().containsKey("rope_freqs.weight") ? this.file.floats("rope_freqs.weight") : null;
	}

	/** How many tensors of each ggml type the file holds, e.g. {@code "Q4_K x25, Q6_K x5, F32 x10"}. */
	public String tensorTypes() {
		java.util.Map<String, Integer> counts = new java.util.TreeMap<>();
		for (String tensor : this.file.tensors().keySet()) {
			counts.merge(this.file.type(tensor).label(), 1, Integer::sum);
		}
		return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList());
	}

	private String tensorName(Projection projection, int layer) {
		return switch (projection) {
			case Q -> "blk." + layer + ".attn_q.weight";
			case K -> "blk." + layer + ".attn_k.weight";
			case V -> "blk." + layer + ".attn_v.weight";
			case O -> "blk." + layer + ".attn_output.weight";
			case GATE -> "blk." + layer + ".ffn_gate.weight";
			case UP -> "blk." + layer + ".ffn_up.weight";
			case DOWN -> "blk." + layer + ".ffn_down.weight";
			case CLASSIFIER -> this.config.sharedClassifier() ? "token_embd.weight" : "output.weight";
		};
	}

}
