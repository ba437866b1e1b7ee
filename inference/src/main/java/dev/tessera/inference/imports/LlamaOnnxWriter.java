package dev.tessera.inference.imports;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.imports.LlamaWeights.Projection;

import static dev.tessera.inference.imports.OnnxGraphBuilder.attr;

/**
 * Writes a llama-architecture decoder as ONNX in the Hugging Face Optimum decoder layout, with plain ONNX operators
 * (opset 17):
 *
 * <pre>
 * inputs   input_ids (batch, seq) int64, attention_mask (batch, past+seq) int64, position_ids (batch, seq) int64,
 *          past_key_values.N.key / .value (batch, kv_heads, past, head_size) float32
 * outputs  logits (batch, seq, vocab) float32, present.N.key / .value (batch, kv_heads, past+seq, head_size)
 * </pre>
 *
 * Rotary embeddings are computed in the graph from {@code position_ids} on interleaved pairs (the llama2.c / GGUF
 * convention); grouped-query attention repeats each key/value head for its query heads; the causal and padding mask
 * is built once from {@code attention_mask} and shared by all layers. Weights larger than a few kilobytes go to an
 * external data file when {@code externalData} is set (needed past protobuf's 2 GB limit).
 */
public final class LlamaOnnxWriter implements DecoderGraphWriter {

	public static final String EXTERNAL_DATA_SUFFIX = ".data";

	private final ActivationPrecision activations;

	/** A writer whose quantized products use int8 activations (ONNX Runtime's fast kernels). */
	public LlamaOnnxWriter() {
		this(ActivationPrecision.INT8);
	}

	public LlamaOnnxWriter(ActivationPrecision activations) {
		this.activations = activations;
	}

	/** Writes {@code modelFile} (and {@code modelFile + ".data"} when external) with float32 weights. */
	public Summary write(LlamaWeights weights, Path modelFile, boolean externalData) throws IOException {
		return write(weights, modelFile, externalData, WeightFormat.FLOAT32);
	}

	/**
	 * @param weightBytes bytes of all weights in the files
	 * @param bytesReadPerToken bytes of weights one decoded token reads (all but the embedding table when only one of
	 * its rows is gathered)
	 */
	public record Summary(long weightBytes, long bytesReadPerToken) {
	}

	/** Writes the model with its projection weights in the given format. */
	@Override
	public Summary write(LlamaWeights weights, Path modelFile, boolean externalData, WeightFormat format)
			throws IOException {
		LlamaConfig c = weights.config();
		Path dataFile = externalData ? modelFile.resolveSibling(modelFile.getFileName() + EXTERNAL_DATA_SUFFIX)
				: null;
		Architecture arch = c.architecture();
		try (OnnxGraphBuilder g = new OnnxGraphBuilder(arch.name(), dataFile)) {
			int hs = c.headSize();
			declareInputs(g, c);

			Embedding embedding = embed(g, format, weights);
			String x = embedding.x(); // (batch, seq, dim)

			Rotary rotary = rotary(g, c, weights);
			String mask = attentionBias(g, 0);
			String slidingMask = arch.slidingWindow() > 0 ? attentionBias(g, arch.slidingWindow()) : null;

			for (int l = 0; l < c.layers(); l++) {
				String p = "model.layers." + l;
				// attention block
				String h = norm(g, c, x, p + ".input_layernorm", weights.attentionNorm(l), weights.attentionNormBias(l));
				String q = projectWithBias(g, format, this.activations, h, p + ".self_attn.q_proj", weights, Projection.Q, l, c.qDim(),
						c.dim());
				String k = projectWithBias(g, format, this.activations, h, p + ".self_attn.k_proj", weights, Projection.K, l, c.kvDim(),
						c.dim());
				String v = projectWithBias(g, format, this.activations, h, p + ".self_attn.v_proj", weights, Projection.V, l, c.kvDim(),
						c.dim());
				q = rotary.apply(g, heads(g, q, c.heads(), hs)); // (batch, heads, seq, hs)
				k = rotary.apply(g, heads(g, k, c.kvHeads(), hs)); // (batch, kv_heads, seq, hs)
				v = heads(g, v, c.kvHeads(), hs);
				String presentKey = "present." + l + ".key";
				String presentValue = "present." + l + ".value";
				g.node("Concat", List.of("past_key_values." + l + ".key", k), List.of(presentKey), attr("axis", 2L));
				g.node("Concat", List.of("past_key_values." + l + ".value", v), List.of(presentValue),
						attr("axis", 2L));
				String keys = repeatKv(g, presentKey, c); // (batch, heads, total, hs)
				String values = repeatKv(g, presentValue, c);
				String scores = g.node("MatMul",
						List.of(q, g.node("Transpose", List.of(keys), attr("perm", 0L, 1L, 3L, 2L))));
				scores = g.node("Mul", List.of(scores, g.scalar((float) arch.attentionScale(hs))));
				if (arch.attentionSoftCap() > 0) {
					scores = softCap(g, scores, arch.attentionSoftCap());
				}
				scores = g.node("Add", List.of(scores, arch.slides(l) ? slidingMask : mask));
				String probabilities = g.node("Softmax", List.of(scores), attr("axis", -1L));
				String context = g.node("MatMul", List.of(probabilities, values)); // (batch, heads, seq, hs)
				context = g.node("Transpose", List.of(context), attr("perm", 0L, 2L, 1L, 3L));
				context = g.node("Reshape", List.of(context, g.longs(0, 0, c.qDim())));
				String attended = projectWithBias(g, format, this.activations, context, p + ".self_attn.o_proj", weights, Projection.O,
						l, c.dim(), c.qDim());
				float[] postAttention = weights.postAttentionNorm(l);
				if (postAttention != null) {
					attended = rmsNorm(g, attended, g.floats(p + ".post_attention_norm.weight", postAttention, c.dim()),
							c.rmsEps());
				}
				x = g.node("Add", List.of(x, attended));

				// gated feed-forward block
				h = norm(g, c, x, p + ".post_attention_layernorm", weights.ffnNorm(l), weights.ffnNormBias(l));
				String gate = project(g, format, this.activations, h, p + ".mlp.gate_proj.weight", weights,
						Projection.GATE, l, c.hiddenDim(), c.dim());
				String up = project(g, format, this.activations, h, p + ".mlp.up_proj.weight", weights, Projection.UP,
						l, c.hiddenDim(), c.dim());
				String activated = g.node("Mul", List.of(activation(g, arch.activation(), gate), up));
				String down = project(g, format, this.activations, activated, p + ".mlp.down_proj.weight", weights,
						Projection.DOWN, l, c.dim(), c.hiddenDim());
				float[] postFfn = weights.postFfnNorm(l);
				if (postFfn != null) {
					down = rmsNorm(g, down, g.floats(p + ".post_feedforward_norm.weight", postFfn, c.dim()), c.rmsEps());
				}
				x = g.node("Add", List.of(x, down));
			}

			x = norm(g, c, x, "model.norm", weights.finalNorm(), weights.finalNormBias());
			boolean classifierIsEmbedding = classifier(g, format, this.activations, weights, x, embedding);

			declareOutputs(g, c);
			g.writeModel(modelFile,
					List.of("architecture", arch.name(), "weight_format", format.label(), "dim",
							Integer.toString(c.dim()), "layers", Integer.toString(c.layers()), "heads",
							Integer.toString(c.heads()), "kv_heads", Integer.toString(c.kvHeads()), "vocab_size",
							Integer.toString(c.vocabSize()), "max_sequence_length", Integer.toString(c.maxSeqLen())));
			long total = g.weightBytes();
			return new Summary(total, classifierIsEmbedding ? total : total - embedding.bytesPerRow() * (c.vocabSize() - 1));
		}
	}

	/**
	 * The token embeddings of {@code input_ids}, scaled where the architecture says.
	 * @param x (batch, seq, dim)
	 * @param table the float32 table, or null when gathered from the file's blocks
	 * @param floats its values, or null
	 * @param bytesPerRow bytes of one token's row (what a decoded token reads of the table)
	 */
	record Embedding(String x, String table, float[] floats, long bytesPerRow) {
	}

	/**
	 * Gathers the embeddings: from the file's own blocks when the format keeps them (the table stays as small as in
	 * the file; the rows a pass needs are dequantized in the graph, exactly), else from a float32 table.
	 */
	static Embedding embed(OnnxGraphBuilder g, WeightFormat format, LlamaWeights weights) throws IOException {
		LlamaConfig c = weights.config();
		var blocks = format == WeightFormat.FILE ? weights.blocks(Projection.EMBEDDING, -1)
				: java.util.Optional.<BlockMatrix>empty();
		String x;
		Embedding embedding;
		if (blocks.isPresent()) {
			BlockMatrix m = blocks.get();
			x = gatherBlocks(g, EMBEDDING_NAME, m, "input_ids");
			embedding = new Embedding(x, null, null, m.bytes() / m.rows());
		}
		else {
			float[] table = weights.tokenEmbedding();
			String name = g.floats(EMBEDDING_NAME, table, c.vocabSize(), c.dim());
			x = g.node("Gather", List.of(name, "input_ids"), attr("axis", 0L));
			embedding = new Embedding(x, name, table, (long) c.dim() * Float.BYTES);
		}
		if (c.architecture().embeddingScale() != 1f) {
			x = g.node("Mul", List.of(x, g.scalar(c.architecture().embeddingScale())));
		}
		return new Embedding(x, embedding.table(), embedding.floats(), embedding.bytesPerRow());
	}

	static final String EMBEDDING_NAME = "model.embed_tokens.weight";

	/**
	 * Rows of a block matrix, dequantized in the graph: (batch, seq) ids to (batch, seq, columns) floats. Uses the
	 * same packed levels and scales a MatMulNBits of the same name uses (the tied classifier).
	 */
	static String gatherBlocks(OnnxGraphBuilder g, String name, BlockMatrix m, String ids) throws IOException {
		String packed = g.bytes(name + ".q" + m.bits(), m.packed(), m.rows(), m.blocksPerRow(), m.blockBytes());
		String scales = g.floats(name + ".scales", m.scales(), m.scales().length);
		String rows = g.node("Gather", List.of(packed, ids), attr("axis", 0L)); // (b, s, blocks, blockBytes)
		String levels = rows;
		if (m.bits() == 4) {
			String low = g.node("Mod", List.of(rows, g.bytes(g.name("sixteen"), new byte[] { 16 })));
			String high = g.node("BitShift", List.of(rows, g.bytes(g.name("four"), new byte[] { 4 })),
					attr("direction", "RIGHT"));
			String pairs = g.node("Concat", List.of(g.node("Unsqueeze", List.of(low, g.longs(-1))),
					g.node("Unsqueeze", List.of(high, g.longs(-1)))), attr("axis", -1L)); // low nibble first
			levels = g.node("Reshape", List.of(pairs, g.longs(0, 0, m.blocksPerRow(), m.blockSize())));
		}
		String centred = g.node("Sub", List.of(g.node("Cast", List.of(levels), attr("to", (long) DataType.FLOAT.getNumber())),
				g.scalar(1 << (m.bits() - 1))));
		String blockScales = g.node("Gather",
				List.of(g.node("Reshape", List.of(scales, g.longs(m.rows(), m.blocksPerRow()))), ids), attr("axis", 0L));
		String weights = g.node("Mul", List.of(centred, g.node("Unsqueeze", List.of(blockScales, g.longs(-1)))));
		if (m.offsets() != null) {
			String offsets = g.floats(name + ".offsets", m.offsets(), m.rows(), m.blocksPerRow());
			String blockOffsets = g.node("Gather", List.of(offsets, ids), attr("axis", 0L));
			weights = g.node("Add", List.of(weights, g.node("Unsqueeze", List.of(blockOffsets, g.longs(-1)))));
		}
		return g.node("Reshape", List.of(weights, g.longs(0, 0, m.columns())));
	}

	/** A projection with its bias added when the model has one. */
	static String projectWithBias(OnnxGraphBuilder g, WeightFormat format, ActivationPrecision activations, String x,
			String name, LlamaWeights weights, Projection projection, int layer, int out, int in) throws IOException {
		String product = project(g, format, activations, x, name + ".weight", weights, projection, layer, out, in);
		float[] bias = weights.bias(projection, layer);
		return bias == null ? product : g.node("Add", List.of(product, g.floats(name + ".bias", bias, out)));
	}

	/** RMSNorm, or LayerNorm with its bias for the architectures that use it. */
	static String norm(OnnxGraphBuilder g, LlamaConfig c, String x, String name, float[] weight, float[] bias)
			throws IOException {
		String scale = g.floats(name + ".weight", weight, c.dim());
		if (c.architecture().norm() == Architecture.Norm.RMS) {
			return rmsNorm(g, x, scale, c.rmsEps());
		}
		List<String> inputs = bias == null ? List.of(x, scale) : List.of(x, scale, g.floats(name + ".bias", bias, c.dim()));
		return g.node("LayerNormalization", inputs, attr("axis", -1L), attr("epsilon", c.rmsEps()));
	}

	/** cap · tanh(x / cap): Gemma 2's soft-capping of attention scores and logits. */
	static String softCap(OnnxGraphBuilder g, String x, float cap) {
		return g.node("Mul", List.of(g.node("Tanh", List.of(g.node("Mul", List.of(x, g.scalar(1f / cap))))),
				g.scalar(cap)));
	}

	/** The feed-forward gate's activation: SiLU, or GELU with the tanh approximation. */
	static String activation(OnnxGraphBuilder g, Architecture.Activation activation, String x) {
		if (activation == Architecture.Activation.SILU) {
			return g.node("Mul", List.of(x, g.node("Sigmoid", List.of(x))));
		}
		// 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))); ONNX has Gelu only from opset 20
		String cube = g.node("Mul", List.of(x, g.node("Mul", List.of(x, x))));
		String inner = g.node("Mul", List.of(g.node("Add", List.of(x, g.node("Mul", List.of(cube, g.scalar(0.044715f))))),
				g.scalar((float) Math.sqrt(2 / Math.PI))));
		String half = g.node("Mul", List.of(x, g.scalar(0.5f)));
		return g.node("Mul", List.of(half, g.node("Add", List.of(g.node("Tanh", List.of(inner)), g.scalar(1f)))));
	}

	/** The rotary tables of {@code position_ids}: cos and sin (batch, 1, seq, rotating dims / 2). */
	static Rotary rotary(OnnxGraphBuilder g, LlamaConfig c, LlamaWeights weights) throws IOException {
		int rotating = c.architecture().rotaryDimensions(c.headSize());
		String invFreq = g.floats("rope.inv_freq", inverseFrequencies(c, weights.ropeFrequencyFactors()), rotating / 2);
		String positions = g.node("Cast", List.of("position_ids"), attr("to", (long) DataType.FLOAT.getNumber()));
		String angles = g.node("Mul", List.of(g.node("Unsqueeze", List.of(positions, g.longs(-1))), invFreq));
		String anglesPerHead = g.node("Unsqueeze", List.of(angles, g.longs(1)));
		String cos = g.node("Cos", List.of(anglesPerHead));
		String sin = g.node("Sin", List.of(anglesPerHead));
		float factor = weights.ropeAttentionFactor();
		if (factor != 1f) {
			cos = g.node("Mul", List.of(cos, g.scalar(factor)));
			sin = g.node("Mul", List.of(sin, g.scalar(factor)));
		}
		return new Rotary(c.architecture().rotary(), rotating, c.headSize(), cos, sin);
	}

	/** Rotary embedding of (batch, heads, seq, hs) by the position tables cos and sin (batch, 1, seq, rotating/2). */
	record Rotary(Architecture.RotaryLayout layout, int rotating, int headSize, String cos, String sin) {

		String apply(OnnxGraphBuilder g, String x) {
			String rotated = x;
			String rest = null;
			if (this.rotating < this.headSize) {
				rotated = g.name("rotated");
				rest = g.name("passed");
				g.node("Split", List.of(x, g.longs(this.rotating, this.headSize - this.rotating)),
						List.of(rotated, rest), attr("axis", 3L));
			}
			String out = this.layout == Architecture.RotaryLayout.INTERLEAVED ? rotate(g, rotated, this.cos, this.sin)
					: rotateHalves(g, rotated, this.cos, this.sin);
			return rest == null ? out : g.node("Concat", List.of(out, rest), attr("axis", 3L));
		}

	}

	/** Rotates pairs (x_i, x_{i+d/2}) of the rotating dimensions (GPT-NeoX layout). */
	private static String rotateHalves(OnnxGraphBuilder g, String x, String cos, String sin) {
		String x0 = g.name("first");
		String x1 = g.name("second");
		g.node("Split", List.of(x), List.of(x0, x1), attr("axis", 3L)); // two equal halves
		String r0 = g.node("Sub", List.of(g.node("Mul", List.of(x0, cos)), g.node("Mul", List.of(x1, sin))));
		String r1 = g.node("Add", List.of(g.node("Mul", List.of(x1, cos)), g.node("Mul", List.of(x0, sin))));
		return g.node("Concat", List.of(r0, r1), attr("axis", 3L));
	}

	/** The Optimum decoder inputs, shared by both writers. */
	static void declareInputs(OnnxGraphBuilder g, LlamaConfig c) {
		g.input("input_ids", DataType.INT64, "batch", "sequence");
		g.input("attention_mask", DataType.INT64, "batch", "total_sequence");
		g.input("position_ids", DataType.INT64, "batch", "sequence");
		// how many of the last positions get logits (0: all): a prompt pass needs only the last row, and a
		// classifier over a 150k vocabulary for every prompt position costs a fifth of the pass and a large buffer
		g.input(OnnxCausalLm.KEPT_LOGITS, DataType.INT64);
		for (int l = 0; l < c.layers(); l++) {
			g.input("past_key_values." + l + ".key", DataType.FLOAT, "batch", c.kvHeads(), "past_sequence", c.headSize());
			g.input("past_key_values." + l + ".value", DataType.FLOAT, "batch", c.kvHeads(), "past_sequence",
					c.headSize());
		}
	}

	/** The Optimum decoder outputs, shared by both writers. */
	static void declareOutputs(OnnxGraphBuilder g, LlamaConfig c) {
		g.output("logits", DataType.FLOAT, "batch", "kept_sequence", c.vocabSize());
		for (int l = 0; l < c.layers(); l++) {
			g.output("present." + l + ".key", DataType.FLOAT, "batch", c.kvHeads(), "total_sequence", c.headSize());
			g.output("present." + l + ".value", DataType.FLOAT, "batch", c.kvHeads(), "total_sequence", c.headSize());
		}
	}

	/**
	 * The output projection to {@code logits}: the (transposed) embedding table itself when the classifier is tied
	 * and weights are float, the embedding's own blocks when tied and kept from the file, else its own, possibly
	 * quantized, weights.
	 * @return whether the embedding table serves as the classifier (and so is read whole for every token)
	 */
	static boolean classifier(OnnxGraphBuilder g, WeightFormat format, ActivationPrecision activations,
			LlamaWeights weights, String hidden, Embedding embedding) throws IOException {
		LlamaConfig c = weights.config();
		String x = keptPositions(g, hidden);
		var stored = format == WeightFormat.FILE ? weights.blocks(Projection.CLASSIFIER, -1)
				: java.util.Optional.<BlockMatrix>empty();
		String logits;
		boolean tableIsClassifier = false;
		if (stored.isPresent()) {
			// a tied classifier shares the embedding's blocks (same initializer names), and reads all of them
			logits = matMulNBits(g, activations, x, c.sharedClassifier() ? EMBEDDING_NAME : "lm_head.weight",
					stored.get());
			tableIsClassifier = c.sharedClassifier() && embedding.table() == null;
		}
		else if (c.sharedClassifier() && !format.quantized() && embedding.table() != null) {
			logits = g.node("MatMul", List.of(x, g.node("Transpose", List.of(embedding.table()), attr("perm", 1L, 0L))));
			tableIsClassifier = true;
		}
		else {
			logits = project(g, format, activations, x, "lm_head.weight",
					c.sharedClassifier() ? weights.tokenEmbedding() : weights.classifier(), c.vocabSize(), c.dim());
		}
		if (c.architecture().finalSoftCap() > 0) {
			logits = softCap(g, logits, c.architecture().finalSoftCap());
		}
		g.node("Identity", List.of(logits), List.of("logits"));
		return tableIsClassifier;
	}

	/** The last {@value OnnxCausalLm#KEPT_LOGITS} positions of x (batch, seq, dim); all of them when it is 0. */
	private static String keptPositions(OnnxGraphBuilder g, String x) {
		String kept = g.node("Reshape", List.of(OnnxCausalLm.KEPT_LOGITS, g.longs(1)));
		String start = g.node("Where", List.of(g.node("Greater", List.of(kept, g.longs(0))),
				g.node("Neg", List.of(kept)), g.longs(0)));
		return g.node("Slice", List.of(x, start, g.longs(Long.MAX_VALUE), g.longs(1)));
	}

	/**
	 * x (batch, seq, in) times W^T for one of the model's projections: the source's own blocks when the format is
	 * {@link WeightFormat#FILE} and the source has them, else from its float values.
	 */
	static String project(OnnxGraphBuilder g, WeightFormat format, ActivationPrecision activations, String x,
			String name, LlamaWeights weights, LlamaWeights.Projection projection, int layer, int out, int in)
			throws IOException {
		if (format == WeightFormat.FILE) {
			var blocks = weights.blocks(projection, layer);
			if (blocks.isPresent()) {
				return matMulNBits(g, activations, x, name, blocks.get());
			}
		}
		return project(g, format, activations, x, name, weights.floats(projection, layer), out, in);
	}

	/**
	 * x (batch, seq, in) times W^T for a row-major W (out, in), float or re-quantized to the format's bits.
	 */
	static String project(OnnxGraphBuilder g, WeightFormat format, ActivationPrecision activations, String x,
			String name, float[] weight, int out, int in) throws IOException {
		if (!format.quantized()) {
			return g.node("MatMul", List.of(x, g.floats(name + ".T", transpose(weight, out, in), in, out)));
		}
		return matMulNBits(g, activations, x, name, BlockQuantizer.quantize(weight, out, in, format.bits()));
	}

	/**
	 * x times W^T with W in MatMulNBits blocks, whose layout is W's own (out, in). Accuracy level 4 lets ONNX Runtime
	 * quantize the activations to int8 per block and use its integer dot-product kernels (llama.cpp quantizes them
	 * too). A matrix with offsets adds the block sums of x times the offsets.
	 */
	static String matMulNBits(OnnxGraphBuilder g, ActivationPrecision activations, String x, String name,
			BlockMatrix m) throws IOException {
		String packed = g.bytes(name + ".q" + m.bits(), m.packed(), m.rows(), m.blocksPerRow(), m.blockBytes());
		String scales = g.floats(name + ".scales", m.scales(), m.scales().length);
		String product = g.contribNode("MatMulNBits", List.of(x, packed, scales), attr("K", (long) m.columns()),
				attr("N", (long) m.rows()), attr("bits", (long) m.bits()), attr("block_size", (long) m.blockSize()),
				attr("accuracy_level", activations.accuracyLevel()));
		if (m.offsets() == null) {
			return product;
		}
		String blockSums = g.node("ReduceSum",
				List.of(g.node("Reshape", List.of(x, g.longs(0, 0, m.blocksPerRow(), m.blockSize()))), g.longs(-1)),
				attr("keepdims", 0L)); // (batch, seq, blocks)
		String offsets = g.floats(name + ".offsets.T", transpose(m.offsets(), m.rows(), m.blocksPerRow()),
				m.blocksPerRow(), m.rows());
		return g.node("Add", List.of(product, g.node("MatMul", List.of(blockSums, offsets))));
	}

	/** (batch, seq, heads*hs) to (batch, heads, seq, hs). */
	static String heads(OnnxGraphBuilder g, String x, int heads, int hs) {
		String split = g.node("Reshape", List.of(x, g.longs(0, 0, heads, hs)));
		return g.node("Transpose", List.of(split), attr("perm", 0L, 2L, 1L, 3L));
	}

	/** Rotates interleaved pairs (x0, x1) of each head by the position's angle. */
	private static String rotate(OnnxGraphBuilder g, String x, String cos, String sin) {
		String pairs = g.node("Reshape", List.of(x, g.longs(0, 0, 0, -1, 2))); // (b, h, s, hs/2, 2)
		String x0 = g.name("even");
		String x1 = g.name("odd");
		g.node("Split", List.of(pairs), List.of(x0, x1), attr("axis", 4L));
		x0 = g.node("Squeeze", List.of(x0, g.longs(4)));
		x1 = g.node("Squeeze", List.of(x1, g.longs(4)));
		String r0 = g.node("Sub", List.of(g.node("Mul", List.of(x0, cos)), g.node("Mul", List.of(x1, sin))));
		String r1 = g.node("Add", List.of(g.node("Mul", List.of(x0, sin)), g.node("Mul", List.of(x1, cos))));
		String stacked = g.node("Concat", List.of(g.node("Unsqueeze", List.of(r0, g.longs(4))),
				g.node("Unsqueeze", List.of(r1, g.longs(4)))), attr("axis", 4L));
		return g.node("Reshape", List.of(stacked, g.longs(0, 0, 0, -1)));
	}

	/** (batch, kv_heads, total, hs) to (batch, heads, total, hs): each key/value head serves heads/kv_heads queries. */
	private static String repeatKv(OnnxGraphBuilder g, String kv, LlamaConfig c) {
		int repeats = c.heads() / c.kvHeads();
		if (repeats == 1) {
			return kv;
		}
		String expanded = g.node("Expand",
				List.of(g.node("Unsqueeze", List.of(kv, g.longs(2))), g.longs(1, 1, repeats, 1, 1)));
		return g.node("Reshape", List.of(expanded, g.longs(0, c.heads(), -1, c.headSize())));
	}

	/** x / sqrt(mean(x^2) + eps) * weight over the last axis. */
	static String rmsNorm(OnnxGraphBuilder g, String x, String weight, float eps) {
		String meanSquare = g.node("ReduceMean", List.of(g.node("Mul", List.of(x, x))), attr("axes", new long[] { -1 }),
				attr("keepdims", 1L));
		String inverse = g.node("Reciprocal",
				List.of(g.node("Sqrt", List.of(g.node("Add", List.of(meanSquare, g.scalar(eps)))))));
		return g.node("Mul", List.of(g.node("Mul", List.of(x, inverse)), weight));
	}

	/**
	 * An additive bias (batch, 1, seq, total): 0 where query i (at absolute position total - seq + i) may attend to key
	 * j (j at or before it, within the last {@code window} positions when there is a window, and not padding), a
	 * large negative number elsewhere.
	 */
	private static String attentionBias(OnnxGraphBuilder g, int window) {
		String zero = g.longs(0);
		String one = g.longs(1);
		String total = g.node("Gather", List.of(g.node("Shape", List.of("attention_mask")), one), attr("axis", 0L));
		String seq = g.node("Gather", List.of(g.node("Shape", List.of("input_ids")), one), attr("axis", 0L));
		String totalScalar = g.node("Squeeze", List.of(total, zero));
		String seqScalar = g.node("Squeeze", List.of(seq, zero));
		String zeroScalar = g.node("Squeeze", List.of(zero, zero));
		String oneScalar = g.node("Squeeze", List.of(one, zero));
		String keys = g.node("Unsqueeze", List.of(g.node("Range", List.of(zeroScalar, totalScalar, oneScalar)), zero));
		String queries = g.node("Unsqueeze", List.of(g.node("Range",
				List.of(g.node("Sub", List.of(totalScalar, seqScalar)), totalScalar, oneScalar)), one)); // (seq, 1)
		String allowedPositions = g.node("LessOrEqual", List.of(keys, queries)); // (seq, total)
		if (window > 0) {
			String recent = g.node("Less", List.of(g.node("Sub", List.of(queries, keys)), g.longs(window)));
			allowedPositions = g.node("And", List.of(allowedPositions, recent));
		}
		String notPadding = g.node("Cast", List.of("attention_mask"), attr("to", (long) DataType.BOOL.getNumber()));
		String allowed = g.node("And",
				List.of(g.node("Unsqueeze", List.of(allowedPositions, g.longs(0, 1))),
						g.node("Unsqueeze", List.of(notPadding, g.longs(1, 2))))); // (batch, 1, seq, total)
		return g.node("Where", List.of(allowed, g.scalar(0f), g.scalar(-1e9f)));
	}

	/**
	 * The rotary frequency of each pair of a head's dimensions: {@code theta^(-2i/head_size)}, divided by the
	 * pair's factor when the model carries them (Llama 3's frequency scaling).
	 */
	static float[] inverseFrequencies(LlamaConfig c, float[] factors) {
		int rotating = c.architecture().rotaryDimensions(c.headSize());
		int pairs = rotating / 2;
		if (factors != null && factors.length != pairs) {
			throw new IllegalArgumentException(
					"rope_freqs has " + factors.length + " factors; the head size needs " + pairs);
		}
		float[] out = new float[pairs];
		for (int i = 0; i < pairs; i++) {
			double frequency = 1.0 / Math.pow(c.ropeTheta(), (2.0 * i) / rotating);
			out[i] = (float) (factors == null ? frequency : frequency / factors[i]);
		}
		return out;
	}

	static float[] transpose(float[] matrix, int rows, int columns) {
		float[] out = new float[matrix.length];
		for (int r = 0; r < rows; r++) {
			for (int col = 0; col < columns; col++) {
				out[col * rows + r] = matrix[r * columns + col];
			}
		}
		return out;
	}

}
