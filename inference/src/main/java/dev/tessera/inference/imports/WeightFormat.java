package dev.tessera.inference.imports;

import java.util.Locale;

/**
 * How the projection weights of an imported decoder are stored. Quantized formats use ONNX Runtime's
 * {@code com.microsoft::MatMulNBits}: blocks of 32 weights along the input dimension share one float scale,
 * symmetric around the default zero point, like llama.cpp's Q8_0 and Q4_0; or {@link #FILE}, a GGUF file's own
 * blocks. Norms and the embedding table stay float32.
 */
public enum WeightFormat {

	FLOAT32(32), INT8(8), INT4(4),

	/**
	 * The source's own blocks, unchanged (a quantized GGUF file's levels and scales, see {@link GgmlBlocks}); float
	 * tensors of the source stay float32.
	 */
	FILE(0);

	public static final int BLOCK_SIZE = 32;

	private final int bits;

	WeightFormat(int bits) {
		this.bits = bits;
	}

	public int bits() {
		return this.bits;
	}

	/** Whether every projection is re-quantized to {@link #bits()} from its float values. */
	public boolean quantized() {
		return this == INT8 || this == INT4;
	}

	public String label() {
		return name().toLowerCase(Locale.ROOT);
	}

	public static WeightFormat parse(String value) {
		for (WeightFormat format : values()) {
			if (format.label().equalsIgnoreCase(value) || format.name().equalsIgnoreCase(value)) {
				return format;
			}
		}
		throw new IllegalArgumentException("unknown weight format '" + value + "'; use float32, int8, int4 or file");
	}

}
