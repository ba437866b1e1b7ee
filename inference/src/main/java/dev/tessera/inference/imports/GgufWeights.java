package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The weights of a GGUF decoder of the llama family, named by llama.cpp's tensor names, with its vocabulary. The
 * architecture comes from {@code general.architecture}: {@code llama} (Mistral and Ministral files are written as
 * llama; {@code attention.sliding_window} is honoured when present), {@code qwen2}, {@code phi3} (fused query-key-value
 * and gate-up tensors, split here by rows), {@code gemma2} and {@code stablelm}; any other fails with a message. GGUF
 * llama files carry query and key rows permuted for interleaved rotary pairs; the others rotate halves. Quantized
 * projections are offered as the file's own blocks ({@link #blocks}) and as ggml's dequantization ({@code wq} and the
 * rest).
 */
public final class GgufWeights implements LlamaWeights {

	/** The architectures this importer writes. */
	public static final List<String> ARCHITECTURES = List.of("llama", "qwen2", "phi3", "gemma2", "stablelm");

	private final GgufFile file;

	private final LlamaConfig config;

	public GgufWeights(Path path) throws IOException {
		this.file = new GgufFile(path);
		Object name = this.file.metadata().get("general.architecture");
		if (!(name instanceof String arch) || !ARCHITECTURES.contains(arch)) {
			throw new IOException(path + " has architecture '" + name + "'; supported: " + String.join(", ",
					ARCHITECTURES));
		}
		GgufFile.TensorInfo embedding = this.file.tensors().get("token_embd.weight");
		if (embedding == null) {
			throw new IOException(path + " has no token_embd.weight tensor");
		}
		int dim = this.file.intValue(arch + ".embedding_length");
		int heads = this.file.intValue(arch + ".attention.head_count");
		int headSize = metadataInt(arch + ".attention.key_length", heads > 0 ? dim / heads : 0);
		int rotaryDimensions = metadataInt(arch + ".rope.dimension_count", headSize);
		int layers = this.file.intValue(arch + ".block_count");
		int slidingWindow = metadataInt(arch + ".attention.sliding_window", 0);
		Architecture architecture = switch (arch) {
			case "llama" -> new Architecture(arch, Architecture.RotaryLayout.INTERLEAVED, partial(rotaryDimensions,
					headSize), Architecture.Norm.RMS, Architecture.Activation.SILU, 1f, 0f, 0f, slidingWindow,
					Architecture.SlidingLayers.ALL, 0f);
			case "qwen2", "phi3" -> new Architecture(arch, Architecture.RotaryLayout.HALVES,
					partial(rotaryDimensions, headSize), Architecture.Norm.RMS, Architecture.Activation.SILU, 1f, 0f,
					0f, slidingWindow, Architecture.SlidingLayers.ALL, 0f);
			case "gemma2" -> new Architecture(arch, Architecture.RotaryLayout.HALVES,
					partial(rotaryDimensions, headSize), Architecture.Norm.RMS, Architecture.Activation.GELU_TANH,
					(float) Math.sqrt(dim), this.file.floatValue(arch + ".attn_logit_softcapping", 50f),
					this.file.floatValue(arch + ".final_logit_softcapping", 30f), slidingWindow,
					Architecture.SlidingLayers.EVEN,
					// llama.cpp scales Gemma 2 27B's queries by hidden / heads, the 2B's and 9B's by the head size
					layers == 46 ? (float) (1.0 / Math.sqrt((double) dim / heads)) : 0f);
			default -> new Architecture(arch, Architecture.RotaryLayout.HALVES, partial(rotaryDimensions, headSize),
					Architecture.Norm.LAYER, Architecture.Activation.SILU, 1f, 0f, 0f, slidingWindow,
					Architecture.SlidingLayers.ALL, 0f);
		};
		refuseUnsupportedParts(path, arch);
		float eps = architecture.norm() == Architecture.Norm.LAYER
				? this.file.floatValue(arch + ".attention.layer_norm_epsilon", 1e-5f)
				: this.file.floatValue(arch + ".attention.layer_norm_rms_epsilon", 1e-5f);
		this.config = new LlamaConfig(dim, this.file.intValue(arch + ".feed_forward_length"), layers, heads,
				metadataInt(arch + ".attention.head_count_kv", heads), Math.toIntExact(embedding.shape()[1]),
				this.file.intValue(arch + ".context_length"), eps,
				this.file.floatValue(arch + ".rope.freq_base", 10000f), !this.file.tensors().containsKey("output.weight"),
				headSize, architecture);
	}

	/** Parts of an architecture's variants this importer does not write: refused, never silently dropped. */
	private void refuseUnsupportedParts(Path path, String arch) throws IOException {
		for (String tensor : this.file.tensors().keySet()) {
			if (tensor.endsWith("attn_q_norm.weight") || tensor.endsWith("attn_k_norm.weight")) {
				throw new IOException(path + " (" + arch + ") has per-head query/key norms ('" + tensor
						+ "'), which the importer does not write");
			}
		}
		if (!this.file.tensors().containsKey("blk.0.ffn_norm.weight")) {
			throw new IOException(path + " (" + arch + ") has no blk.0.ffn_norm.weight: a parallel-residual block, "
					+ "which the importer does not write");
		}
	}

	private static int partial(int rotaryDimensions, int headSize) {
		return rotaryDimensions >= headSize ? 0 : rotaryDimensions;
	}

	@Override
	public LlamaConfig config() {
		return this.config;
	}

	/** The file's tokenizer (checked against the embedding's rows). */
	public GgufTokenizer tokenizer() {
		return new GgufTokenizer(this.file, this.config.vocabSize());
	}

	/** The vocabulary of a SentencePiece file. */
	public Vocabulary vocabulary() {
		return tokenizer().vocabulary();
	}

	/** How many tensors of each ggml type the file holds, e.g. {@code "Q4_K x25, Q6_K x5, F32 x10"}. */
	public String tensorTypes() {
		Map<String, Integer> counts = new TreeMap<>();
		for (String tensor : this.file.tensors().keySet()) {
			counts.merge(this.file.type(tensor).label(), 1, Integer::sum);
		}
		return String.join(", ", counts.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue()).toList());
	}

	private int metadataInt(String key, int fallback) {
		Object value = this.file.metadata().get(key);
		return value instanceof Number n ? n.intValue() : fallback;
	}

	private boolean fused() {
		return this.file.tensors().containsKey("blk.0.attn_qkv.weight");
	}

	private float[] optional(String tensor) {
		return this.file.tensors().containsKey(tensor) ? this.file.floats(tensor) : null;
	}

	@Override
	public float[] tokenEmbedding() {
		return this.file.floats("token_embd.weight");
	}

	@Override
	public float[] attentionNorm(int layer) {
		return this.file.floats("blk." + layer + ".attn_norm.weight");
	}

	@Override
	public float[] wq(int layer) {
		return floats(Projection.Q, layer);
	}

	@Override
	public float[] wk(int layer) {
		return floats(Projection.K, layer);
	}

	@Override
	public float[] wv(int layer) {
		return floats(Projection.V, layer);
	}

	@Override
	public float[] wo(int layer) {
		return floats(Projection.O, layer);
	}

	@Override
	public float[] ffnNorm(int layer) {
		return this.file.floats("blk." + layer + ".ffn_norm.weight");
	}

	@Override
	public float[] w1(int layer) {
		return floats(Projection.GATE, layer);
	}

	@Override
	public float[] w2(int layer) {
		return floats(Projection.DOWN, layer);
	}

	@Override
	public float[] w3(int layer) {
		return floats(Projection.UP, layer);
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
	public float[] floats(Projection projection, int layer) {
		Slice slice = slice(projection, layer);
		float[] all = this.file.floats(slice.tensor());
		int columns = Math.toIntExact(this.file.tensors().get(slice.tensor()).shape()[0]);
		if (slice.rows() == 0) {
			return all;
		}
		return java.util.Arrays.copyOfRange(all, slice.firstRow() * columns, (slice.firstRow() + slice.rows()) * columns);
	}

	@Override
	public Optional<BlockMatrix> blocks(Projection projection, int layer) {
		Slice slice = slice(projection, layer);
		return this.file.blocks(slice.tensor())
			.map(m -> slice.rows() == 0 ? m : m.rows(slice.firstRow(), slice.firstRow() + slice.rows()));
	}

	@Override
	public float[] bias(Projection projection, int layer) {
		return switch (projection) {
			case Q -> optional("blk." + layer + ".attn_q.bias");
			case K -> optional("blk." + layer + ".attn_k.bias");
			case V -> optional("blk." + layer + ".attn_v.bias");
			case O -> optional("blk." + layer + ".attn_output.bias");
			default -> null;
		};
	}

	@Override
	public float[] attentionNormBias(int layer) {
		return optional("blk." + layer + ".attn_norm.bias");
	}

	@Override
	public float[] ffnNormBias(int layer) {
		return optional("blk." + layer + ".ffn_norm.bias");
	}

	@Override
	public float[] finalNormBias() {
		return optional("output_norm.bias");
	}

	@Override
	public float[] postAttentionNorm(int layer) {
		return optional("blk." + layer + ".post_attention_norm.weight");
	}

	@Override
	public float[] postFfnNorm(int layer) {
		return optional("blk." + layer + ".post_ffw_norm.weight");
	}

	@Override
	public float ropeAttentionFactor() {
		String arch = this.config.architecture().name();
		return this.file.floatValue(arch + ".rope.scaling.attn_factor", 1f);
	}

	@Override
	public float[] ropeFrequencyFactors() {
		// Phi-3's LongRoPE files carry short and long factors: the short ones serve contexts up to the original length
		float[] factors = optional("rope_freqs.weight");
		return factors != null ? factors : optional("rope_factors_short.weight");
	}

	/** A projection's tensor, and its rows within a fused tensor (rows 0: the whole tensor). */
	private record Slice(String tensor, int firstRow, int rows) {
	}

	private Slice slice(Projection projection, int layer) {
		String p = "blk." + layer + ".";
		LlamaConfig c = this.config;
		boolean fused = fused();
		return switch (projection) {
			case Q -> fused ? new Slice(p + "attn_qkv.weight", 0, c.qDim()) : new Slice(p + "attn_q.weight", 0, 0);
			case K -> fused ? new Slice(p + "attn_qkv.weight", c.qDim(), c.kvDim())
					: new Slice(p + "attn_k.weight", 0, 0);
			case V -> fused ? new Slice(p + "attn_qkv.weight", c.qDim() + c.kvDim(), c.kvDim())
					: new Slice(p + "attn_v.weight", 0, 0);
			case O -> new Slice(p + "attn_output.weight", 0, 0);
			// Phi-3 stores gate and up as one tensor of 2 × FFN rows, the gate first
			case GATE -> this.file.tensors().containsKey(p + "ffn_gate.weight") ? new Slice(p + "ffn_gate.weight", 0, 0)
					: new Slice(p + "ffn_up.weight", 0, c.hiddenDim());
			case UP -> this.file.tensors().containsKey(p + "ffn_gate.weight") ? new Slice(p + "ffn_up.weight", 0, 0)
					: new Slice(p + "ffn_up.weight", c.hiddenDim(), c.hiddenDim());
			case DOWN -> new Slice(p + "ffn_down.weight", 0, 0);
			case CLASSIFIER -> new Slice(c.sharedClassifier() ? "token_embd.weight" : "output.weight", 0, 0);
			case EMBEDDING -> new Slice("token_embd.weight", 0, 0);
		};
	}

}
