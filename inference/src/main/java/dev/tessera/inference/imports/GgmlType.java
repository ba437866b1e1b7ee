package dev.tessera.inference.imports;

import java.util.Locale;

/**
 * The tensor types of ggml (the numbers GGUF stores), with the layout of one block: how many weights it holds and how
 * many bytes it takes. The layouts are those of ggml's {@code ggml-common.h}; {@link GgmlBlocks} reads them.
 */
public enum GgmlType {

	F32(0, 1, 4), F16(1, 1, 2), Q4_0(2, 32, 18), Q4_1(3, 32, 20), Q5_0(6, 32, 22), Q5_1(7, 32, 24), Q8_0(8, 32, 34),
	Q8_1(9, 32, 36), Q2_K(10, 256, 84), Q3_K(11, 256, 110), Q4_K(12, 256, 144), Q5_K(13, 256, 176),
	Q6_K(14, 256, 210), Q8_K(15, 256, 292), IQ2_XXS(16, 256, 66), IQ2_XS(17, 256, 74), IQ3_XXS(18, 256, 98),
	IQ1_S(19, 256, 50), IQ4_NL(20, 32, 18), IQ3_S(21, 256, 110), IQ2_S(22, 256, 82), IQ4_XS(23, 256, 136),
	I8(24, 1, 1), I16(25, 1, 2), I32(26, 1, 4), I64(27, 1, 8), F64(28, 1, 8), IQ1_M(29, 256, 56), BF16(30, 1, 2),
	TQ1_0(34, 256, 54), TQ2_0(35, 256, 66);

	private final int id;

	private final int blockWeights;

	private final int blockBytes;

	GgmlType(int id, int blockWeights, int blockBytes) {
		this.id = id;
		this.blockWeights = blockWeights;
		this.blockBytes = blockBytes;
	}

	public int id() {
		return this.id;
	}

	/** Weights per block (1 for the plain float and integer types). */
	public int blockWeights() {
		return this.blockWeights;
	}

	public int blockBytes() {
		return this.blockBytes;
	}

	/** Bytes taken by {@code weights} weights of this type (a whole number of blocks). */
	public long bytesFor(long weights) {
		return weights / this.blockWeights * this.blockBytes;
	}

	/** Whether the importer reads this type: the float types and the block formats llama.cpp's common files use. */
	public boolean supported() {
		return switch (this) {
			case F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K -> true;
			default -> false;
		};
	}

	/** Whether the weights are stored as floats (no blocks with scales). */
	public boolean floating() {
		return this == F32 || this == F16 || this == BF16;
	}

	public String label() {
		return name().toUpperCase(Locale.ROOT);
	}

	/** The type with GGUF's number, or empty for a number ggml does not (or no longer) define. */
	public static java.util.Optional<GgmlType> of(int id) {
		for (GgmlType type : values()) {
			if (type.id == id) {
				return java.util.Optional.of(type);
			}
		}
		return java.util.Optional.empty();
	}

	/** All supported types, for messages. */
	public static String supportedLabels() {
		StringBuilder labels = new StringBuilder();
		for (GgmlType type : values()) {
			if (type.supported()) {
				labels.append(labels.isEmpty() ? "" : ", ").append(type.label());
			}
		}
		return labels.toString();
	}

}
