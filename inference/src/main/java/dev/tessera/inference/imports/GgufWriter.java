package dev.tessera.inference.imports;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a GGUF file (version 3): metadata and tensors in F32, F16, Q8_0 and Q4_0 (quantized as ggml's reference
 * {@code quantize_row_q8_0_ref} and {@code quantize_row_q4_0_ref} do) or Q4_K (each sub-block's own minimum and
 * scale, both quantized to six bits against the super-block's; simpler than llama.cpp's search, same format; rows
 * that are not whole super-blocks fall back to Q4_0). Used to write models of any architecture's shape for tests and benchmarks,
 * the same way llama.cpp's own tools lay them out. Written by hand: no Java GGUF writer is published.
 */
public final class GgufWriter {

	private static final int ALIGNMENT = 32;

	private final Map<String, Object> metadata = new LinkedHashMap<>();

	private final List<Tensor> tensors = new ArrayList<>();

	private record Tensor(String name, long[] shape, GgmlType type, byte[] data) {
	}

	/**
	 * A llama-architecture model as llama.cpp lays it out: its shape's metadata, a SentencePiece vocabulary, norms in
	 * F32 and every matrix (embedding and output included) in {@code type}.
	 */
	public static GgufWriter llama(LlamaWeights weights, Vocabulary vocabulary, GgmlType type) {
		LlamaConfig c = weights.config();
		List<Float> scores = new ArrayList<>();
		for (float score : vocabulary.scores()) {
			scores.add(score);
		}
		GgufWriter w = new GgufWriter().put("general.architecture", "llama")
			.put("llama.context_length", c.maxSeqLen())
			.put("llama.embedding_length", c.dim())
			.put("llama.block_count", c.layers())
			.put("llama.feed_forward_length", c.hiddenDim())
			.put("llama.attention.head_count", c.heads())
			.put("llama.attention.head_count_kv", c.kvHeads())
			.put("llama.attention.layer_norm_rms_epsilon", c.rmsEps())
			.put("llama.rope.freq_base", c.ropeTheta())
			.put("tokenizer.ggml.model", "llama")
			.put("tokenizer.ggml.tokens", vocabulary.pieces())
			.put("tokenizer.ggml.scores", scores)
			.put("tokenizer.ggml.unknown_token_id", vocabulary.unkId())
			.put("tokenizer.ggml.bos_token_id", vocabulary.bosId())
			.put("tokenizer.ggml.eos_token_id", vocabulary.eosId());
		w.tensor("token_embd.weight", type, weights.tokenEmbedding(), c.vocabSize(), c.dim());
		if (!c.sharedClassifier()) {
			w.tensor("output.weight", type, weights.classifier(), c.vocabSize(), c.dim());
		}
		w.tensor("output_norm.weight", GgmlType.F32, weights.finalNorm(), 1, c.dim());
		for (int l = 0; l < c.layers(); l++) {
			String p = "blk." + l + ".";
			w.tensor(p + "attn_norm.weight", GgmlType.F32, weights.attentionNorm(l), 1, c.dim());
			w.tensor(p + "attn_q.weight", type, weights.wq(l), c.qDim(), c.dim());
			w.tensor(p + "attn_k.weight", type, weights.wk(l), c.kvDim(), c.dim());
			w.tensor(p + "attn_v.weight", type, weights.wv(l), c.kvDim(), c.dim());
			w.tensor(p + "attn_output.weight", type, weights.wo(l), c.dim(), c.qDim());
			w.tensor(p + "ffn_norm.weight", GgmlType.F32, weights.ffnNorm(l), 1, c.dim());
			w.tensor(p + "ffn_gate.weight", type, weights.w1(l), c.hiddenDim(), c.dim());
			w.tensor(p + "ffn_up.weight", type, weights.w3(l), c.hiddenDim(), c.dim());
			w.tensor(p + "ffn_down.weight", type, weights.w2(l), c.dim(), c.hiddenDim());
		}
		return w;
	}

	/**
	 * A metadata entry: a String, Integer (uint32), Long (uint64), Float (float32), Boolean, or a List of Strings,
	 * Integers (int32) or Floats.
	 */
	public GgufWriter put(String key, Object value) {
		this.metadata.put(key, value);
		return this;
	}

	/**
	 * A tensor of {@code rows × columns} (row-major, as the importer reads it back: GGML shape {@code [columns, rows]});
	 * a vector when rows is 1.
	 */
	public GgufWriter tensor(String name, GgmlType type, float[] values, int rows, int columns) {
		if (rows > 1 && columns % type.blockWeights() != 0) {
			// as llama-quantize does, a row that is no whole number of super-blocks takes a 32-weight format
			type = GgmlType.Q4_0;
		}
		if (values.length != (long) rows * columns) {
			throw new IllegalArgumentException(name + ": " + values.length + " values for " + rows + " x " + columns);
		}
		long[] shape = rows == 1 ? new long[] { columns } : new long[] { columns, rows };
		this.tensors.add(new Tensor(name, shape, type, encode(type, values)));
		return this;
	}

	private static byte[] encode(GgmlType type, float[] values) {
		return switch (type) {
			case F32 -> {
				ByteBuffer out = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
				out.asFloatBuffer().put(values);
				yield out.array();
			}
			case F16 -> {
				ByteBuffer out = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
				for (float v : values) {
					out.putShort(Float.floatToFloat16(v));
				}
				yield out.array();
			}
			case Q8_0 -> {
				if (values.length % 32 != 0) {
					throw new IllegalArgumentException("Q8_0 needs rows of whole blocks of 32");
				}
				ByteBuffer out = ByteBuffer.allocate(values.length / 32 * 34).order(ByteOrder.LITTLE_ENDIAN);
				for (int b = 0; b < values.length / 32; b++) {
					float amax = 0;
					for (int j = 0; j < 32; j++) {
						amax = Math.max(amax, Math.abs(values[b * 32 + j]));
					}
					float d = amax / 127;
					float id = d != 0 ? 1 / d : 0;
					out.putShort(Float.floatToFloat16(d));
					for (int j = 0; j < 32; j++) {
						out.put((byte) Math.round(values[b * 32 + j] * id));
					}
				}
				yield out.array();
			}
			case Q4_0 -> q4_0(values);
			case Q4_K -> q4_k(values);
			default -> throw new IllegalArgumentException("the writer writes F32, F16, Q8_0, Q4_0 and Q4_K, not "
					+ type.label());
		};
	}

	private static byte[] q4_0(float[] values) {
		if (values.length % 32 != 0) {
			throw new IllegalArgumentException("Q4_0 needs rows of whole blocks of 32");
		}
		ByteBuffer out = ByteBuffer.allocate(values.length / 32 * 18).order(ByteOrder.LITTLE_ENDIAN);
		for (int b = 0; b < values.length / 32; b++) {
			float amax = 0;
			float max = 0;
			for (int j = 0; j < 32; j++) {
				float v = values[b * 32 + j];
				if (amax < Math.abs(v)) {
					amax = Math.abs(v);
					max = v;
				}
			}
			float d = max / -8;
			float id = d != 0 ? 1 / d : 0;
			out.putShort(Float.floatToFloat16(d));
			for (int j = 0; j < 16; j++) {
				int low = Math.min(15, (int) (values[b * 32 + j] * id + 8.5f));
				int high = Math.min(15, (int) (values[b * 32 + 16 + j] * id + 8.5f));
				out.put((byte) (low | (high << 4)));
			}
		}
		return out.array();
	}

	private static byte[] q4_k(float[] values) {
		if (values.length % 256 != 0) {
			throw new IllegalArgumentException("Q4_K needs rows of whole super-blocks of 256");
		}
		ByteBuffer out = ByteBuffer.allocate(values.length / 256 * 144).order(ByteOrder.LITTLE_ENDIAN);
		for (int b = 0; b < values.length / 256; b++) {
			float[] scales = new float[8];
			float[] minimums = new float[8];
			for (int sub = 0; sub < 8; sub++) {
				float min = 0;
				float max = 0;
				for (int j = 0; j < 32; j++) {
					float v = values[b * 256 + sub * 32 + j];
					min = Math.min(min, v);
					max = Math.max(max, v);
				}
				scales[sub] = (max - min) / 15;
				minimums[sub] = -min;
			}
			float maxScale = 0;
			float maxMinimum = 0;
			for (int sub = 0; sub < 8; sub++) {
				maxScale = Math.max(maxScale, scales[sub]);
				maxMinimum = Math.max(maxMinimum, minimums[sub]);
			}
			short d16 = Float.floatToFloat16(maxScale / 63);
			short dmin16 = Float.floatToFloat16(maxMinimum / 63);
			float d = Float.float16ToFloat(d16);
			float dmin = Float.float16ToFloat(dmin16);
			int[] sc = new int[8];
			int[] mq = new int[8];
			for (int sub = 0; sub < 8; sub++) {
				sc[sub] = d == 0 ? 0 : Math.min(63, Math.round(scales[sub] / d));
				mq[sub] = dmin == 0 ? 0 : Math.min(63, Math.round(minimums[sub] / dmin));
			}
			out.putShort(d16).putShort(dmin16);
			byte[] packedScales = new byte[12];
			for (int j = 0; j < 4; j++) {
				packedScales[j] = (byte) (sc[j] | ((sc[j + 4] >> 4) << 6));
				packedScales[j + 4] = (byte) (mq[j] | ((mq[j + 4] >> 4) << 6));
				packedScales[j + 8] = (byte) ((sc[j + 4] & 0x0F) | ((mq[j + 4] & 0x0F) << 4));
			}
			out.put(packedScales);
			int[] levels = new int[256];
			for (int sub = 0; sub < 8; sub++) {
				float scale = d * sc[sub];
				float minimum = dmin * mq[sub];
				for (int j = 0; j < 32; j++) {
					float v = values[b * 256 + sub * 32 + j];
					levels[sub * 32 + j] = scale == 0 ? 0 : Math.max(0, Math.min(15, Math.round((v + minimum) / scale)));
				}
			}
			for (int chunk = 0; chunk < 4; chunk++) {
				for (int l = 0; l < 32; l++) {
					out.put((byte) (levels[64 * chunk + l] | (levels[64 * chunk + 32 + l] << 4)));
				}
			}
		}
		return out.array();
	}

	public void write(Path file) throws IOException {
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			Header header = new Header();
			header.bytes.putInt(0x46554747).putInt(3).putLong(this.tensors.size()).putLong(this.metadata.size());
			for (Map.Entry<String, Object> entry : this.metadata.entrySet()) {
				header.string(entry.getKey());
				header.value(entry.getValue(), true);
			}
			long offset = 0;
			for (Tensor tensor : this.tensors) {
				header.string(tensor.name());
				header.bytes.putInt(tensor.shape().length);
				for (long d : tensor.shape()) {
					header.bytes.putLong(d);
				}
				header.bytes.putInt(tensor.type().id()).putLong(offset);
				offset += padded(tensor.data().length);
			}
			int length = header.bytes.position();
			out.write(header.bytes.array(), 0, length);
			out.write(new byte[padded(length) - length]);
			for (Tensor tensor : this.tensors) {
				out.write(tensor.data());
				out.write(new byte[padded(tensor.data().length) - tensor.data().length]);
			}
		}
	}

	private static int padded(int length) {
		return (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
	}

	/** The header, grown as it is written. */
	private static final class Header {

		ByteBuffer bytes = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

		private void room(int needed) {
			if (this.bytes.remaining() < needed) {
				ByteBuffer larger = ByteBuffer.allocate(Math.max(this.bytes.capacity() * 2, this.bytes.position() + needed))
					.order(ByteOrder.LITTLE_ENDIAN);
				larger.put(this.bytes.array(), 0, this.bytes.position());
				this.bytes = larger;
			}
		}

		void string(String s) {
			byte[] raw = s.getBytes(StandardCharsets.UTF_8);
			room(8 + raw.length);
			this.bytes.putLong(raw.length).put(raw);
		}

		void value(Object value, boolean typed) {
			room(16);
			switch (value) {
				case String s -> {
					typeTag(8, typed);
					string(s);
				}
				case Integer i -> {
					typeTag(4, typed);
					this.bytes.putInt(i);
				}
				case Long l -> {
					typeTag(10, typed);
					this.bytes.putLong(l);
				}
				case Float f -> {
					typeTag(6, typed);
					this.bytes.putFloat(f);
				}
				case Boolean b -> {
					typeTag(7, typed);
					this.bytes.put((byte) (b ? 1 : 0));
				}
				case List<?> list -> {
					typeTag(9, typed);
					Object first = list.isEmpty() ? "" : list.get(0);
					int itemType = first instanceof String ? 8 : first instanceof Float ? 6 : 5;
					this.bytes.putInt(itemType).putLong(list.size());
					for (Object item : list) {
						room(16);
						switch (item) {
							case String s -> string(s);
							case Float f -> this.bytes.putFloat(f);
							case Integer i -> this.bytes.putInt(i);
							default -> throw new IllegalArgumentException("list item " + item);
						}
					}
				}
				default -> throw new IllegalArgumentException("metadata value " + value + " of " + value.getClass());
			}
		}

		private void typeTag(int type, boolean typed) {
			if (typed) {
				this.bytes.putInt(type);
			}
		}

	}

}
