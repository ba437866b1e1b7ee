package dev.tessera.inference.imports;

/**
 * A block-quantized weight matrix in the layout of ONNX Runtime's {@code com.microsoft::MatMulNBits}: for W used as
 * {@code x · Wᵀ}, row-major {@code (rows, columns)}, each row is cut into blocks of {@code blockSize} along the columns;
 * a weight is {@code (q - 2^(bits-1)) * scale}, plus its block's offset for formats with a minimum (Q4_1, Q5_1, the
 * K-quants: ggml's {@code q·d - m} is {@code (q - c)·d + (c·d - m)} around the level's centre c). Offsets are not
 * MatMulNBits zero points: its fast kernels take only integer zero points, so a writer adds the block sums of x times
 * the offsets to the symmetric product; keeping the levels centred keeps the error of ONNX Runtime's int8 activations
 * as small as for the symmetric formats.
 *
 * @param packed unsigned levels, shape {@code (rows, blocks, blockSize * bits / 8)}; four-bit levels two to a byte, the
 * first in the low nibble; a row's last block padded with zeros
 * @param scales one per block, shape {@code (rows * blocks)}
 * @param offsets one per block, or {@code null} for the symmetric form
 */
public record BlockMatrix(int rows, int columns, int bits, int blockSize, byte[] packed, float[] scales,
		float[] offsets) {

	public BlockMatrix {
		if (bits != 4 && bits != 8) {
			throw new IllegalArgumentException("MatMulNBits blocks of " + bits + " bits are not written");
		}
		if (offsets != null && columns % blockSize != 0) {
			throw new IllegalArgumentException(columns + " columns are not a whole number of blocks of " + blockSize);
		}
		int blocks = (columns + blockSize - 1) / blockSize;
		if (packed.length != rows * blocks * blockBytes(blockSize, bits) || scales.length != rows * blocks
				|| (offsets != null && offsets.length != scales.length)) {
			throw new IllegalArgumentException("block data does not match " + rows + " x " + columns);
		}
	}

	static int blockBytes(int blockSize, int bits) {
		return blockSize * bits / 8;
	}

	/** Blocks per row; the last is padded with zeros when the columns are not a whole number of blocks. */
	public int blocksPerRow() {
		return (this.columns + this.blockSize - 1) / this.blockSize;
	}

	public int blockBytes() {
		return blockBytes(this.blockSize, this.bits);
	}

	/** The stored level of a weight. */
	public int level(int row, int column) {
		int index = row * blocksPerRow() * this.blockSize + column;
		if (this.bits == 8) {
			return Byte.toUnsignedInt(this.packed[index]);
		}
		int value = Byte.toUnsignedInt(this.packed[index / 2]);
		return index % 2 == 0 ? value & 0x0F : value >>> 4;
	}

	/** The weights as float32. */
	public float[] dequantize() {
		float[] out = new float[this.rows * this.columns];
		int center = 1 << (this.bits - 1);
		for (int row = 0; row < this.rows; row++) {
			for (int column = 0; column < this.columns; column++) {
				int block = row * blocksPerRow() + column / this.blockSize;
				out[row * this.columns + column] = this.offsets == null
						? (level(row, column) - center) * this.scales[block]
						: (level(row, column) - center) * this.scales[block] + this.offsets[block];
			}
		}
		return out;
	}

	/** Bytes of the packed levels, scales and zero points. */
	public long bytes() {
		return this.packed.length + 4L * this.scales.length + (this.offsets == null ? 0 : 4L * this.offsets.length);
	}

	/**
	 * These rows followed by {@code other}'s, or {@code null} when the two are not stored alike (bits, block size,
	 * offsets); used to pack several projections of one input into one product.
	 */
	public BlockMatrix stack(BlockMatrix other) {
		if (other.columns != this.columns || other.bits != this.bits || other.blockSize != this.blockSize
				|| (other.offsets == null) != (this.offsets == null)) {
			return null;
		}
		return new BlockMatrix(this.rows + other.rows, this.columns, this.bits, this.blockSize,
				concat(this.packed, other.packed), concat(this.scales, other.scales),
				this.offsets == null ? null : concat(this.offsets, other.offsets));
	}

	/** Rows {@code from} (inclusive) to {@code to} (exclusive): a projection inside a fused tensor. */
	public BlockMatrix rows(int from, int to) {
		int blockRow = blocksPerRow();
		int bytesPerRow = blockRow * blockBytes();
		return new BlockMatrix(to - from, this.columns, this.bits, this.blockSize,
				java.util.Arrays.copyOfRange(this.packed, from * bytesPerRow, to * bytesPerRow),
				java.util.Arrays.copyOfRange(this.scales, from * blockRow, to * blockRow),
				this.offsets == null ? null : java.util.Arrays.copyOfRange(this.offsets, from * blockRow, to * blockRow));
	}

	private static byte[] concat(byte[] a, byte[] b) {
		byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

	private static float[] concat(float[] a, float[] b) {
		float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, out, a.length, b.length);
		return out;
	}

}
