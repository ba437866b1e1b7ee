package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import dev.tessera.inference.imports.LlamaWeights.Projection;

import static dev.tessera.inference.imports.OnnxGraphBuilder.attr;

/**
 * The llama decoder with ONNX Runtime's fused contrib operators: {@code GroupQueryAttention} (rotary embedding,
 * key/value cache and causal attention in one kernel, fed one packed QKV projection) and
 * {@code SkipSimplifiedLayerNormalization} (residual add and RMSNorm in one). About a quarter of the plain graph's
 * nodes, which matters when decoding one token at a time.
 * <p>
 * Same inputs and outputs as {@link LlamaOnnxWriter}; limitations: head size must be a multiple of 16 (the kernel's
 * rotary requirement), and {@code attention_mask} is read only for sequence lengths (no left padding).
 */
public final class FusedLlamaOnnxWriter implements DecoderGraphWriter {

	private final ActivationPrecision activations;

	/** A writer whose quantized products use int8 activations (ONNX Runtime's fast kernels). */
	public FusedLlamaOnnxWriter() {
		this(ActivationPrecision.INT8);
	}

	public FusedLlamaOnnxWriter(ActivationPrecision activations) {
		this.activations = activations;
	}

	/**
	 * Whether this writer builds the model: the attention kernel's rotary needs a head size that is a multiple of 16
	 * and rotates whole heads; Gemma 2's soft-capping, GeGLU and post-norms, LayerNorm and sliding windows are
	 * written by the plain writer only.
	 */
	public static boolean supports(LlamaConfig config) {
		Architecture a = config.architecture();
		return config.headSize() % 16 == 0 && a.rotaryDimensions(config.headSize()) == config.headSize()
				&& a.norm() == Architecture.Norm.RMS && a.activation() == Architecture.Activation.SILU
				&& a.embeddingScale() == 1f && a.attentionSoftCap() == 0 && a.finalSoftCap() == 0
				&& a.slidingWindow() == 0 && a.queryScale() == 0;
	}

	/**
	 * One product for query, key and value, W = [Wq; Wk; Wv] (dim + 2 kvDim, dim), as the attention kernel wants them
	 * packed. A file's blocks are stacked when the three are stored alike; otherwise (a K-quant mix keeps some value
	 * projections in Q6_K) three products are concatenated.
	 */
	private String packedQkv(OnnxGraphBuilder g, WeightFormat format, LlamaWeights weights, String h, int l)
			throws IOException {
		LlamaConfig c = weights.config();
		String name = "model.layers." + l + ".self_attn.qkv_proj.weight";
		if (format == WeightFormat.FILE && weights.blocks(Projection.Q, l).isPresent()) {
			BlockMatrix q = weights.blocks(Projection.Q, l).get();
			var k = weights.blocks(Projection.K, l);
			var v = weights.blocks(Projection.V, l);
			BlockMatrix stacked = k.isPresent() && v.isPresent() ? q.stack(k.get()) : null;
			stacked = stacked == null ? null : stacked.stack(v.get());
			if (stacked != null) {
				return LlamaOnnxWriter.matMulNBits(g, this.activations, h, name, stacked);
			}
			String p = "model.layers." + l + ".self_attn.";
			return g.node("Concat", List.of(
					LlamaOnnxWriter.project(g, format, this.activations, h, p + "q_proj.weight", weights, Projection.Q, l,
							c.qDim(), c.dim()),
					LlamaOnnxWriter.project(g, format, this.activations, h, p + "k_proj.weight", weights, Projection.K, l, c.kvDim(),
							c.dim()),
					LlamaOnnxWriter.project(g, format, this.activations, h, p + "v_proj.weight", weights, Projection.V, l, c.kvDim(),
							c.dim())),
					attr("axis", -1L));
		}
		float[] wq = weights.wq(l);
		float[] wk = weights.wk(l);
		float[] wv = weights.wv(l);
		float[] wqkv = new float[wq.length + wk.length + wv.length];
		System.arraycopy(wq, 0, wqkv, 0, wq.length);
		System.arraycopy(wk, 0, wqkv, wq.length, wk.length);
		System.arraycopy(wv, 0, wqkv, wq.length + wk.length, wv.length);
		return LlamaOnnxWriter.project(g, format, this.activations, h, name, wqkv, c.qDim() + 2 * c.kvDim(), c.dim());
	}

	/** The packed projection plus the query, key and value biases (Qwen2), when the model has them. */
	private static String withBiases(OnnxGraphBuilder g, LlamaWeights weights, String qkv, int l) throws IOException {
		float[] bq = weights.bias(Projection.Q, l);
		if (bq == null) {
			return qkv;
		}
		float[] bk = weights.bias(Projection.K, l);
		float[] bv = weights.bias(Projection.V, l);
		float[] packed = new float[bq.length + bk.length + bv.length];
		System.arraycopy(bq, 0, packed, 0, bq.length);
		System.arraycopy(bk, 0, packed, bq.length, bk.length);
		System.arraycopy(bv, 0, packed, bq.length + bk.length, bv.length);
		return g.node("Add", List.of(qkv, g.floats("model.layers." + l + ".self_attn.qkv_proj.bias", packed,
				packed.length)));
	}

	@Override
	public LlamaOnnxWriter.Summary write(LlamaWeights weights, Path modelFile, boolean externalData,
			WeightFormat format) throws IOException {
		LlamaConfig c = weights.config();
		if (!supports(c)) {
			throw new IllegalArgumentException("the fused graph does not write this model (" + c.architecture()
					+ ", head size " + c.headSize() + "); the plain graph does");
		}
		Path dataFile = externalData
				? modelFile.resolveSibling(modelFile.getFileName() + LlamaOnnxWriter.EXTERNAL_DATA_SUFFIX) : null;
		int hs = c.headSize();
		try (OnnxGraphBuilder g = new OnnxGraphBuilder("llama-fused", dataFile)) {
			LlamaOnnxWriter.declareInputs(g, c);
			float[] embeddingTable = weights.tokenEmbedding();
			String embedding = g.floats("model.embed_tokens.weight", embeddingTable, c.vocabSize(), c.dim());
			long embeddingBytes = (long) embeddingTable.length * Float.BYTES;
			String x = g.node("Gather", List.of(embedding, "input_ids"), attr("axis", 0L)); // (batch, seq, dim)

			// sequence lengths for the attention kernel: seqlens_k = tokens so far - 1 (batch), total (1), int32
			String int32 = Long.toString(DataType.INT32.getNumber());
			String seqlensK = g.node("Cast",
					List.of(g.node("Sub", List.of(
							g.node("ReduceSum", List.of("attention_mask", g.longs(1)), attr("keepdims", 0L)),
							g.longs(1)))),
					attr("to", (long) DataType.INT32.getNumber()));
			String total = g.node("Cast",
					List.of(g.node("Gather", List.of(g.node("Shape", List.of("attention_mask")), g.longs(1)),
							attr("axis", 0L))),
					attr("to", Long.parseLong(int32)));

			// rotary tables (max positions, head_size / 2)
			int positions = c.maxSeqLen();
			float[] cosTable = new float[positions * hs / 2];
			float[] sinTable = new float[positions * hs / 2];
			float[] inverseFrequencies = LlamaOnnxWriter.inverseFrequencies(c, weights.ropeFrequencyFactors());
			for (int p = 0; p < positions; p++) {
				for (int i = 0; i < hs / 2; i++) {
					double angle = (double) p * inverseFrequencies[i];
					cosTable[p * hs / 2 + i] = (float) Math.cos(angle);
					sinTable[p * hs / 2 + i] = (float) Math.sin(angle);
				}
			}
			String cos = g.floats("rope.cos_cache", cosTable, positions, hs / 2);
			String sin = g.floats("rope.sin_cache", sinTable, positions, hs / 2);

			String h = g.node("SimplifiedLayerNormalization",
					List.of(x, g.floats("model.layers.0.input_layernorm.weight", weights.attentionNorm(0), c.dim())),
					attr("axis", -1L), attr("epsilon", c.rmsEps()));
			for (int l = 0; l < c.layers(); l++) {
				String p = "model.layers." + l;
				String qkv = withBiases(g, weights, packedQkv(g, format, weights, h, l), l);
				String attention = g.name("attention");
				g.contribNode("GroupQueryAttention",
						List.of(qkv, "", "", "past_key_values." + l + ".key", "past_key_values." + l + ".value",
								seqlensK, total, cos, sin),
						List.of(attention, "present." + l + ".key", "present." + l + ".value"),
						attr("num_heads", (long) c.heads()), attr("kv_num_heads", (long) c.kvHeads()),
						attr("do_rotary", 1L),
						attr("rotary_interleaved",
								c.architecture().rotary() == Architecture.RotaryLayout.INTERLEAVED ? 1L : 0L),
						attr("scale", (float) (1.0 / Math.sqrt(hs))));
				String attended = LlamaOnnxWriter.project(g, format, this.activations, attention, p + ".self_attn.o_proj.weight",
						weights, Projection.O, l, c.dim(), c.qDim());
				// x = x + attended; h = RMSNorm(x)
				String normed = g.name("ffn_in");
				String residual = g.name("residual");
				g.contribNode("SkipSimplifiedLayerNormalization",
						List.of(x, attended, g.floats(p + ".post_attention_layernorm.weight", weights.ffnNorm(l), c.dim())),
						List.of(normed, "", "", residual), attr("epsilon", c.rmsEps()));
				x = residual;
				String gate = LlamaOnnxWriter.project(g, format, this.activations, normed, p + ".mlp.gate_proj.weight", weights,
						Projection.GATE, l, c.hiddenDim(), c.dim());
				String up = LlamaOnnxWriter.project(g, format, this.activations, normed, p + ".mlp.up_proj.weight", weights,
						Projection.UP, l, c.hiddenDim(), c.dim());
				String activated = g.node("Mul",
						List.of(g.node("Mul", List.of(gate, g.node("Sigmoid", List.of(gate)))), up));
				String down = LlamaOnnxWriter.project(g, format, this.activations, activated, p + ".mlp.down_proj.weight", weights,
						Projection.DOWN, l, c.dim(), c.hiddenDim());
				// x = x + down; h = RMSNorm(x) with the next layer's (or the final) weight
				float[] nextNorm = l + 1 < c.layers() ? weights.attentionNorm(l + 1) : weights.finalNorm();
				String nextName = l + 1 < c.layers() ? "model.layers." + (l + 1) + ".input_layernorm.weight"
						: "model.norm.weight";
				h = g.name("block_in");
				residual = g.name("residual");
				g.contribNode("SkipSimplifiedLayerNormalization",
						List.of(x, down, g.floats(nextName, nextNorm, c.dim())), List.of(h, "", "", residual),
						attr("epsilon", c.rmsEps()));
				x = residual;
			}
			boolean classifierIsEmbedding = LlamaOnnxWriter.classifier(g, format, this.activations, weights, h, embedding,
					embeddingTable);
			LlamaOnnxWriter.declareOutputs(g, c);
			g.writeModel(modelFile, List.of("architecture", c.architecture().name(), "graph", "fused", "weight_format", format.label()));
			long totalBytes = g.weightBytes();
			// the rotary tables are read only at the current positions
			long tables = 2L * cosTable.length * Float.BYTES;
			return new LlamaOnnxWriter.Summary(totalBytes, (classifierIsEmbedding ? totalBytes
					: totalBytes - embeddingBytes + (long) c.dim() * Float.BYTES) - tables);
		}
	}

}
