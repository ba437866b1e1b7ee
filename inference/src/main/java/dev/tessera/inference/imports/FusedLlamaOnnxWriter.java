package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import dev.tessera.inference.imports.LlamaWeights.Projection;

import static dev.tessera.inference.imports.OnnxGraphBuilder.attr;

/**
 * A llama-family decoder with ONNX Runtime's fused contrib operators: {@code GroupQueryAttention} (rotary embedding,
 * key/value cache, causal attention, sliding windows and soft-capping in one kernel, fed one packed QKV projection)
 * and {@code SkipSimplifiedLayerNormalization} / {@code SkipLayerNormalization} (residual add and norm in one). About
 * a quarter of the plain graph's nodes, which matters when decoding one token at a time.
 * <p>
 * Same inputs and outputs as {@link LlamaOnnxWriter}; limitations: see {@link #supports}, and
 * {@code attention_mask} is read only for sequence lengths (no left padding).
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

	/** Whether this writer builds the model: the attention kernel takes heads of a multiple of 8 dimensions. */
	public static boolean supports(LlamaConfig config) {
		return config.headSize() % 8 == 0;
	}

	/**
	 * Whether the attention kernel rotates the heads itself: its rotary needs a head size that is a multiple of 16
	 * and rotating pairs (all of a head's, or StableLM's partial share) that are a multiple of 8. Otherwise (small
	 * heads, like stories260K's of 8) the writer rotates queries and keys with plain operators before the kernel.
	 */
	static boolean kernelRotates(LlamaConfig config) {
		return config.headSize() % 16 == 0 && config.architecture().rotaryDimensions(config.headSize()) / 2 % 8 == 0;
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
		var storedQ = format == WeightFormat.FILE ? weights.blocks(Projection.Q, l)
				: java.util.Optional.<BlockMatrix>empty();
		if (storedQ.isPresent()) {
			BlockMatrix q = storedQ.get();
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

	/** (batch, seq, heads × hs) rotated per head: to heads, rotated, and back. */
	private static String rotated(OnnxGraphBuilder g, LlamaOnnxWriter.Rotary rotary, String x, int heads, int hs) {
		String perHead = rotary.apply(g, LlamaOnnxWriter.heads(g, x, heads, hs)); // (batch, heads, seq, hs)
		String back = g.node("Transpose", List.of(perHead), attr("perm", 0L, 2L, 1L, 3L));
		return g.node("Reshape", List.of(back, g.longs(0, 0, heads * hs)));
	}

	/** The first layer's attention norm of the embeddings. */
	private static String firstNorm(OnnxGraphBuilder g, LlamaConfig c, String x, LlamaWeights weights)
			throws IOException {
		return LlamaOnnxWriter.norm(g, c, x, "model.layers.0.input_layernorm", weights.attentionNorm(0),
				weights.attentionNormBias(0));
	}

	/** Gemma 2's RMSNorm of a block's output before the residual add; the output itself for other models. */
	private static String postNorm(OnnxGraphBuilder g, LlamaConfig c, String x, String name, float[] weight)
			throws IOException {
		if (weight == null) {
			return x;
		}
		return g.node("SimplifiedLayerNormalization", List.of(x, g.floats(name, weight, c.dim())), attr("axis", -1L),
				attr("epsilon", c.rmsEps()));
	}

	/**
	 * The residual add and the next norm in one kernel: {@code SkipSimplifiedLayerNormalization} (RMS) or
	 * {@code SkipLayerNormalization} (LayerNorm with bias).
	 * @return the normed sum and the sum
	 */
	private static String[] skipNorm(OnnxGraphBuilder g, LlamaConfig c, String x, String skip, String name,
			float[] weight, float[] bias) throws IOException {
		String normed = g.name("normed");
		String residual = g.name("residual");
		String gamma = g.floats(name + ".weight", weight, c.dim());
		if (c.architecture().norm() == Architecture.Norm.RMS) {
			g.contribNode("SkipSimplifiedLayerNormalization", List.of(x, skip, gamma), List.of(normed, "", "", residual),
					attr("epsilon", c.rmsEps()));
		}
		else {
			List<String> inputs = bias == null ? List.of(x, skip, gamma)
					: List.of(x, skip, gamma, g.floats(name + ".bias", bias, c.dim()));
			g.contribNode("SkipLayerNormalization", inputs, List.of(normed, "", "", residual),
					attr("epsilon", c.rmsEps()));
		}
		return new String[] { normed, residual };
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
		Architecture arch = c.architecture();
		try (OnnxGraphBuilder g = new OnnxGraphBuilder(arch.name() + "-fused", dataFile)) {
			LlamaOnnxWriter.declareInputs(g, c);
			LlamaOnnxWriter.Embedding embedding = LlamaOnnxWriter.embed(g, format, weights);
			String x = embedding.x(); // (batch, seq, dim)

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

			// rotary tables (max positions, rotating dims / 2) for the kernel; or the plain writer's, from positions
			LlamaOnnxWriter.Rotary rotary = kernelRotates(c) ? null
					: LlamaOnnxWriter.rotary(g, c, weights);
			int positions = c.maxSeqLen();
			int pairs = arch.rotaryDimensions(hs) / 2;
			float[] cosTable = new float[rotary == null ? positions * pairs : 0];
			float[] sinTable = new float[cosTable.length];
			String cos = null;
			String sin = null;
			if (rotary == null) {
				float[] inverseFrequencies = LlamaOnnxWriter.inverseFrequencies(c, weights.ropeFrequencyFactors());
				double factor = weights.ropeAttentionFactor();
				for (int p = 0; p < positions; p++) {
					for (int i = 0; i < pairs; i++) {
						double angle = (double) p * inverseFrequencies[i];
						cosTable[p * pairs + i] = (float) (Math.cos(angle) * factor);
						sinTable[p * pairs + i] = (float) (Math.sin(angle) * factor);
					}
				}
				cos = g.floats("rope.cos_cache", cosTable, positions, pairs);
				sin = g.floats("rope.sin_cache", sinTable, positions, pairs);
			}

			String h = firstNorm(g, c, x, weights);
			for (int l = 0; l < c.layers(); l++) {
				String p = "model.layers." + l;
				String attention = g.name("attention");
				List<OnnxMl.AttributeProto> attributes = new ArrayList<>(List.of(attr("num_heads", (long) c.heads()),
						attr("kv_num_heads", (long) c.kvHeads()),
						attr("scale", (float) arch.attentionScale(hs))));
				if (arch.attentionSoftCap() > 0) {
					attributes.add(attr("softcap", arch.attentionSoftCap()));
				}
				if (arch.slides(l)) {
					// the kernel's window counts the positions before the query; llama.cpp's includes the query
					attributes.add(attr("local_window_size", (long) arch.slidingWindow() - 1));
				}
				List<String> inputs;
				if (rotary == null) {
					String qkv = withBiases(g, weights, packedQkv(g, format, weights, h, l), l);
					attributes.add(attr("do_rotary", 1L));
					attributes.add(attr("rotary_interleaved",
							arch.rotary() == Architecture.RotaryLayout.INTERLEAVED ? 1L : 0L));
					inputs = List.of(qkv, "", "", "past_key_values." + l + ".key", "past_key_values." + l + ".value",
							seqlensK, total, cos, sin);
				}
				else {
					String a = p + ".self_attn.";
					String q = LlamaOnnxWriter.projectWithBias(g, format, this.activations, h, a + "q_proj", weights,
							Projection.Q, l, c.qDim(), c.dim());
					String k = LlamaOnnxWriter.projectWithBias(g, format, this.activations, h, a + "k_proj", weights,
							Projection.K, l, c.kvDim(), c.dim());
					String v = LlamaOnnxWriter.projectWithBias(g, format, this.activations, h, a + "v_proj", weights,
							Projection.V, l, c.kvDim(), c.dim());
					inputs = List.of(rotated(g, rotary, q, c.heads(), hs), rotated(g, rotary, k, c.kvHeads(), hs), v,
							"past_key_values." + l + ".key", "past_key_values." + l + ".value", seqlensK, total);
				}
				g.contribNode("GroupQueryAttention", inputs,
						List.of(attention, "present." + l + ".key", "present." + l + ".value"),
						attributes.toArray(OnnxMl.AttributeProto[]::new));
				String attended = LlamaOnnxWriter.project(g, format, this.activations, attention,
						p + ".self_attn.o_proj.weight", weights, Projection.O, l, c.dim(), c.qDim());
				attended = postNorm(g, c, attended, p + ".post_attention_norm.weight", weights.postAttentionNorm(l));
				// x = x + attended; h = norm(x)
				String[] normedAndResidual = skipNorm(g, c, x, attended, p + ".post_attention_layernorm",
						weights.ffnNorm(l), weights.ffnNormBias(l));
				String normed = normedAndResidual[0];
				x = normedAndResidual[1];
				String gate = LlamaOnnxWriter.project(g, format, this.activations, normed, p + ".mlp.gate_proj.weight",
						weights, Projection.GATE, l, c.hiddenDim(), c.dim());
				String up = LlamaOnnxWriter.project(g, format, this.activations, normed, p + ".mlp.up_proj.weight",
						weights, Projection.UP, l, c.hiddenDim(), c.dim());
				String activated = g.node("Mul", List.of(LlamaOnnxWriter.activation(g, arch.activation(), gate), up));
				String down = LlamaOnnxWriter.project(g, format, this.activations, activated,
						p + ".mlp.down_proj.weight", weights, Projection.DOWN, l, c.dim(), c.hiddenDim());
				down = postNorm(g, c, down, p + ".post_feedforward_norm.weight", weights.postFfnNorm(l));
				// x = x + down; h = norm(x) with the next layer's (or the final) weight
				boolean last = l + 1 == c.layers();
				String[] next = skipNorm(g, c, x, down,
						last ? "model.norm" : "model.layers." + (l + 1) + ".input_layernorm",
						last ? weights.finalNorm() : weights.attentionNorm(l + 1),
						last ? weights.finalNormBias() : weights.attentionNormBias(l + 1));
				h = next[0];
				x = next[1];
			}
			boolean classifierIsEmbedding = LlamaOnnxWriter.classifier(g, format, this.activations, weights, h,
					embedding);
			LlamaOnnxWriter.declareOutputs(g, c);
			g.writeModel(modelFile, List.of("architecture", c.architecture().name(), "graph", "fused", "weight_format", format.label()));
			long totalBytes = g.weightBytes();
			// the rotary tables are read only at the current positions
			long tables = 2L * cosTable.length * Float.BYTES;
			return new LlamaOnnxWriter.Summary(totalBytes, (classifierIsEmbedding ? totalBytes
					: totalBytes - embedding.bytesPerRow() * (c.vocabSize() - 1)) - tables);
		}
	}

}
