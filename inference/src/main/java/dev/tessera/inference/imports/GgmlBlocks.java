package dev.tessera.inference.imports;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * ggml's block formats, read byte for byte. {@link #dequantize} follows ggml's own {@code dequantize_row_*} (the
 * definition, used for the float paths and as the tests' reference); {@link #toBlockMatrix} moves the same levels
 * and scales into {@link BlockMatrix}, ONNX Runtime's layout, without re-quantizing: four-bit formats stay four-bit,
 * five- and six-bit levels are held exactly in eight bits (ONNX Runtime has no 5/6-bit kernel), and a format's
 * minimum becomes a per-block offset around centred levels (see {@link BlockMatrix}). Written by hand: no Java library reads ggml blocks.
 */
public final class GgmlBlocks {

	private GgmlBlocks() {
	}

	/** {@code count} weights of the given type from {@code data} (at its position), as float32. */
	public static float[] dequantize(GgmlType type, ByteBuffer data, int count) {
		ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
		float[] y = new float[count];
		if (count % type.blockWeights() != 0) {
			throw new IllegalArgumentException(count + " weights are not whole " + type.label() + " blocks");
		}
		int blocks = count / type.blockWeights();
		switch (type) {
			case F32 -> in.asFloatBuffer().get(y);
			case F16 -> {
				for (int i = 0; i < count; i++) {
					y[i] = Float.float16ToFloat(in.getShort(2 * i));
				}
			}
			case BF16 -> {
				for (int i = 0; i < count; i++) {
					y[i] = Float.intBitsToFloat((in.getShort(2 * i) & 0xFFFF) << 16);
				}
			}
			case Q8_0 -> {
				for (int b = 0; b < blocks; b++) {
					int at = b * 34;
					float d = half(in, at);
					for (int j = 0; j < 32; j++) {
						y[b * 32 + j] = in.get(at + 2 + j) * d;
					}
				}
			}
			case Q4_0, Q4_1 -> {
				boolean withMin = type == GgmlType.Q4_1;
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					float d = half(in, at);
					float m = withMin ? half(in, at + 2) : 0;
					int qs = at + (withMin ? 4 : 2);
					for (int j = 0; j < 16; j++) {
						int q = Byte.toUnsignedInt(in.get(qs + j));
						y[b * 32 + j] = withMin ? (q & 0x0F) * d + m : ((q & 0x0F) - 8) * d;
						y[b * 32 + j + 16] = withMin ? (q >>> 4) * d + m : ((q >>> 4) - 8) * d;
					}
				}
			}
			case Q5_0, Q5_1 -> {
				boolean withMin = type == GgmlType.Q5_1;
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					float d = half(in, at);
					float m = withMin ? half(in, at + 2) : 0;
					int qh = in.getInt(at + (withMin ? 4 : 2));
					int qs = at + (withMin ? 8 : 6);
					for (int j = 0; j < 16; j++) {
						int q = Byte.toUnsignedInt(in.get(qs + j));
						int high0 = ((qh >>> j) << 4) & 0x10;
						int high1 = (qh >>> (j + 12)) & 0x10;
						int x0 = (q & 0x0F) | high0;
						int x1 = (q >>> 4) | high1;
						y[b * 32 + j] = withMin ? x0 * d + m : (x0 - 16) * d;
						y[b * 32 + j + 16] = withMin ? x1 * d + m : (x1 - 16) * d;
					}
				}
			}
			case Q4_K, Q5_K -> {
				boolean fiveBit = type == GgmlType.Q5_K;
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					float d = half(in, at);
					float min = half(in, at + 2);
					int scales = at + 4;
					int qh = at + 16;
					int ql = at + (fiveBit ? 48 : 16);
					int out = b * 256;
					for (int chunk = 0; chunk < 4; chunk++) {
						float d1 = d * kScale(in, scales, 2 * chunk);
						float m1 = min * kMin(in, scales, 2 * chunk);
						float d2 = d * kScale(in, scales, 2 * chunk + 1);
						float m2 = min * kMin(in, scales, 2 * chunk + 1);
						for (int l = 0; l < 32; l++) {
							int q = Byte.toUnsignedInt(in.get(ql + 32 * chunk + l));
							int high = fiveBit ? Byte.toUnsignedInt(in.get(qh + l)) : 0;
							int low5 = fiveBit && (high & (1 << (2 * chunk))) != 0 ? 16 : 0;
							int high5 = fiveBit && (high & (2 << (2 * chunk))) != 0 ? 16 : 0;
							y[out + 64 * chunk + l] = d1 * ((q & 0x0F) + low5) - m1;
							y[out + 64 * chunk + 32 + l] = d2 * ((q >>> 4) + high5) - m2;
						}
					}
				}
			}
			case Q6_K -> {
				for (int b = 0; b < blocks; b++) {
					int at = b * 210;
					float d = half(in, at + 208);
					for (int half = 0; half < 2; half++) {
						int ql = at + 64 * half;
						int qh = at + 128 + 32 * half;
						int sc = at + 192 + 8 * half;
						int out = b * 256 + 128 * half;
						for (int l = 0; l < 32; l++) {
							int is = l / 16;
							int low0 = Byte.toUnsignedInt(in.get(ql + l));
							int low32 = Byte.toUnsignedInt(in.get(ql + l + 32));
							int high = Byte.toUnsignedInt(in.get(qh + l));
							int q1 = ((low0 & 0x0F) | ((high & 3) << 4)) - 32;
							int q2 = ((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) - 32;
							int q3 = ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) - 32;
							int q4 = ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) - 32;
							y[out + l] = d * in.get(sc + is) * q1;
							y[out + l + 32] = d * in.get(sc + is + 2) * q2;
							y[out + l + 64] = d * in.get(sc + is + 4) * q3;
							y[out + l + 96] = d * in.get(sc + is + 6) * q4;
						}
					}
				}
			}
			default -> throw new IllegalArgumentException("ggml type " + type.label() + " is not read; supported: "
					+ GgmlType.supportedLabels());
		}
		return y;
	}

	/**
	 * A {@code (rows, columns)} matrix of a block type as MatMulNBits blocks holding the file's own levels and scales.
	 * The weights it stands for equal {@link #dequantize}'s.
	 */
	public static BlockMatrix toBlockMatrix(GgmlType type, ByteBuffer data, int rows, int columns) {
		ByteBuffer in = data.slice().order(ByteOrder.LITTLE_ENDIAN);
		if (columns % type.blockWeights() != 0) {
			throw new IllegalArgumentException("rows of " + columns + " weights are not whole " + type.label()
					+ " blocks");
		}
		long count = (long) rows * columns;
		int blocks = Math.toIntExact(count / type.blockWeights());
		return switch (type) {
			case Q8_0 -> {
				Levels out = new Levels(rows, columns, 8, 32, false);
				for (int b = 0; b < blocks; b++) {
					int at = b * 34;
					for (int j = 0; j < 32; j++) {
						out.set(b * 32 + j, in.get(at + 2 + j) + 128);
					}
					out.scale(b, half(in, at));
				}
				yield out.matrix();
			}
			case Q4_0, Q4_1 -> {
				boolean withMin = type == GgmlType.Q4_1;
				Levels out = new Levels(rows, columns, 4, 32, withMin);
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					int qs = at + (withMin ? 4 : 2);
					for (int j = 0; j < 16; j++) {
						int q = Byte.toUnsignedInt(in.get(qs + j));
						out.set(b * 32 + j, q & 0x0F);
						out.set(b * 32 + j + 16, q >>> 4);
					}
					// Q4_0: (q - 8)·d, the default zero point; Q4_1: q·d + m
					out.scaleWithMinimum(b, half(in, at), withMin ? -half(in, at + 2) : Float.NaN, 8);
				}
				yield out.matrix();
			}
			case Q5_0, Q5_1 -> {
				boolean withMin = type == GgmlType.Q5_1;
				Levels out = new Levels(rows, columns, 8, 32, withMin);
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					int qh = in.getInt(at + (withMin ? 4 : 2));
					int qs = at + (withMin ? 8 : 6);
					// five-bit levels 0..31 centred on 16, held as level + 112 around eight bits' default 128
					int shift = 112;
					for (int j = 0; j < 16; j++) {
						int q = Byte.toUnsignedInt(in.get(qs + j));
						out.set(b * 32 + j, ((q & 0x0F) | (((qh >>> j) << 4) & 0x10)) + shift);
						out.set(b * 32 + j + 16, ((q >>> 4) | ((qh >>> (j + 12)) & 0x10)) + shift);
					}
					out.scaleWithMinimum(b, half(in, at), withMin ? -half(in, at + 2) : Float.NaN, 16);
				}
				yield out.matrix();
			}
			case Q4_K, Q5_K -> {
				boolean fiveBit = type == GgmlType.Q5_K;
				Levels out = new Levels(rows, columns, fiveBit ? 8 : 4, 32, true);
				// four-bit levels are centred on the default 8 as they are; five-bit ones are held as level + 112
				int shift = fiveBit ? 112 : 0;
				int centre = fiveBit ? 16 : 8;
				for (int b = 0; b < blocks; b++) {
					int at = b * type.blockBytes();
					float d = half(in, at);
					float min = half(in, at + 2);
					int scales = at + 4;
					int qh = at + 16;
					int ql = at + (fiveBit ? 48 : 16);
					for (int chunk = 0; chunk < 4; chunk++) {
						for (int l = 0; l < 32; l++) {
							int q = Byte.toUnsignedInt(in.get(ql + 32 * chunk + l));
							int high = fiveBit ? Byte.toUnsignedInt(in.get(qh + l)) : 0;
							int low5 = (high & (1 << (2 * chunk))) != 0 ? 16 : 0;
							int high5 = (high & (2 << (2 * chunk))) != 0 ? 16 : 0;
							out.set(b * 256 + 64 * chunk + l, (q & 0x0F) + low5 + shift);
							out.set(b * 256 + 64 * chunk + 32 + l, (q >>> 4) + high5 + shift);
						}
						for (int half = 0; half < 2; half++) {
							int sub = 2 * chunk + half;
							// d·sc·q - dmin·m, the sub-block's scale and minimum as ggml computes them in float
							out.scaleWithMinimum(b * 8 + sub, d * kScale(in, scales, sub), min * kMin(in, scales, sub),
									centre);
						}
					}
				}
				yield out.matrix();
			}
			case Q6_K -> {
				Levels out = new Levels(rows, columns, 8, 16, false);
				for (int b = 0; b < blocks; b++) {
					int at = b * 210;
					float d = half(in, at + 208);
					for (int half = 0; half < 2; half++) {
						int ql = at + 64 * half;
						int qh = at + 128 + 32 * half;
						int base = b * 256 + 128 * half;
						for (int l = 0; l < 32; l++) {
							int low0 = Byte.toUnsignedInt(in.get(ql + l));
							int low32 = Byte.toUnsignedInt(in.get(ql + l + 32));
							int high = Byte.toUnsignedInt(in.get(qh + l));
							// six-bit levels centred on 32, held as level + 96 around eight bits' default 128
							out.set(base + l, ((low0 & 0x0F) | ((high & 3) << 4)) + 96);
							out.set(base + l + 32, ((low32 & 0x0F) | (((high >>> 2) & 3) << 4)) + 96);
							out.set(base + l + 64, ((low0 >>> 4) | (((high >>> 4) & 3) << 4)) + 96);
							out.set(base + l + 96, ((low32 >>> 4) | (((high >>> 6) & 3) << 4)) + 96);
						}
					}
					for (int sub = 0; sub < 16; sub++) {
						out.scale(b * 16 + sub, d * in.get(at + 192 + sub));
					}
				}
				yield out.matrix();
			}
			default -> throw new IllegalArgumentException(
					"ggml type " + type.label() + " has no MatMulNBits form here; supported block types: Q4_0, Q4_1, "
							+ "Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K");
		};
	}

	private static float half(ByteBuffer in, int at) {
		return Float.float16ToFloat(in.getShort(at));
	}

	/** The six-bit scale of sub-block j of a Q4_K/Q5_K super-block (ggml's {@code get_scale_min_k4}). */
	private static int kScale(ByteBuffer in, int scales, int j) {
		if (j < 4) {
			return Byte.toUnsignedInt(in.get(scales + j)) & 63;
		}
		return (Byte.toUnsignedInt(in.get(scales + j + 4)) & 0x0F)
				| ((Byte.toUnsignedInt(in.get(scales + j - 4)) >>> 6) << 4);
	}

	/** The six-bit minimum of sub-block j (ggml's {@code get_scale_min_k4}). */
	private static int kMin(ByteBuffer in, int scales, int j) {
		if (j < 4) {
			return Byte.toUnsignedInt(in.get(scales + j + 4)) & 63;
		}
		return (Byte.toUnsignedInt(in.get(scales + j + 4)) >>> 4)
				| ((Byte.toUnsignedInt(in.get(scales + j)) >>> 6) << 4);
	}

	/** Levels and per-block scales being filled in row-major weight order. */
	private static final class Levels {

		private final int rows;

		private final int columns;

		private final int bits;

		private final int blockSize;

		private final byte[] packed;

		private final float[] scales;

		private final float[] offsets;

		Levels(int rows, int columns, int bits, int blockSize, boolean withOffsets) {
			this.rows = rows;
			this.columns = columns;
			this.bits = bits;
			this.blockSize = blockSize;
			long weights = (long) rows * columns;
			this.packed = new byte[Math.toIntExact(weights * bits / 8)];
			this.scales = new float[Math.toIntExact(weights / blockSize)];
			this.offsets = withOffsets ? new float[this.scales.length] : null;
		}

		/** The level of weight i (row-major); MatMulNBits packs four-bit levels low nibble first. */
		void set(int i, int level) {
			if (this.bits == 8) {
				this.packed[i] = (byte) level;
			}
			else if (i % 2 == 0) {
				this.packed[i / 2] = (byte) ((this.packed[i / 2] & 0xF0) | level);
			}
			else {
				this.packed[i / 2] = (byte) ((this.packed[i / 2] & 0x0F) | (level << 4));
			}
		}

		/** A block with the default zero point. */
		void scale(int block, float scale) {
			this.scales[block] = scale;
		}

		/**
		 * A block whose weights are {@code level·scale - minimum} for ggml's level (0..15 or 0..31, stored centred on
		 * the default zero point): {@code (stored - 2^(bits-1))·scale + (centre·scale - minimum)}. Without a minimum
		 * (NaN), the symmetric form.
		 */
		void scaleWithMinimum(int block, float scale, float minimum, int centre) {
			this.scales[block] = scale;
			if (!Float.isNaN(minimum)) {
				this.offsets[block] = centre * scale - minimum;
			}
		}

		BlockMatrix matrix() {
			return new BlockMatrix(this.rows, this.columns, this.bits, this.blockSize, this.packed, this.scales,
					this.offsets);
		}

	}

}
