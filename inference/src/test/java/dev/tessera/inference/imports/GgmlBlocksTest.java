package dev.tessera.inference.imports;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * ggml's block formats on hand-written blocks, each weight worked out by hand from the format's definition in ggml's
 * {@code ggml-common.h} / {@code dequantize_row_*}; and the MatMulNBits form of each block standing for the same
 * weights.
 */
class GgmlBlocksTest {

	private static final short HALF_QUARTER = Float.floatToFloat16(0.25f);

	private static final short HALF_HALF = Float.floatToFloat16(0.5f);

	private static final short HALF_ONE = Float.floatToFloat16(1f);

	private static final short HALF_TWO = Float.floatToFloat16(2f);

	private static ByteBuffer block(int bytes) {
		return ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
	}

	@Test
	void q8_0_is_d_times_a_signed_byte() {
		ByteBuffer b = block(34).putShort(0, HALF_HALF);
		b.put(2, (byte) -128).put(3, (byte) 127).put(4, (byte) 3);
		float[] y = checked(GgmlType.Q8_0, b, 8, 32);
		assertThat(y[0]).isEqualTo(-64f);
		assertThat(y[1]).isEqualTo(63.5f);
		assertThat(y[2]).isEqualTo(1.5f);
		assertThat(y[3]).isZero();
	}

	@Test
	void q4_0_puts_low_nibbles_first_and_centres_on_8() {
		ByteBuffer b = block(18).putShort(0, HALF_TWO);
		b.put(2, (byte) 0x3A);
		float[] y = checked(GgmlType.Q4_0, b, 4, 32);
		assertThat(y[0]).isEqualTo((10 - 8) * 2f);
		assertThat(y[16]).isEqualTo((3 - 8) * 2f);
		assertThat(y[1]).isEqualTo((0 - 8) * 2f);
	}

	@Test
	void q4_1_adds_the_minimum() {
		ByteBuffer b = block(20).putShort(0, HALF_ONE).putShort(2, Float.floatToFloat16(-4f));
		b.put(4, (byte) 0x3A);
		float[] y = checked(GgmlType.Q4_1, b, 4, 32);
		assertThat(y[0]).isEqualTo(10 - 4f);
		assertThat(y[16]).isEqualTo(3 - 4f);
		assertThat(y[1]).isEqualTo(-4f);
	}

	@Test
	void q5_0_takes_the_fifth_bit_from_qh() {
		// qh bit 0: element 0's fifth bit; qh bit 16: element 16's
		ByteBuffer b = block(22).putShort(0, HALF_ONE).putInt(2, 1 | (1 << 16));
		b.put(6, (byte) 0x21);
		float[] y = checked(GgmlType.Q5_0, b, 8, 32);
		assertThat(y[0]).isEqualTo((1 + 16) - 16f);
		assertThat(y[16]).isEqualTo((2 + 16) - 16f);
		assertThat(y[1]).isEqualTo(-16f);
	}

	@Test
	void q5_1_adds_the_minimum_to_five_bit_levels() {
		ByteBuffer b = block(24).putShort(0, HALF_HALF).putShort(2, HALF_ONE).putInt(4, 1 | (1 << 16));
		b.put(8, (byte) 0x21);
		float[] y = checked(GgmlType.Q5_1, b, 8, 32);
		assertThat(y[0]).isEqualTo(17 * 0.5f + 1);
		assertThat(y[16]).isEqualTo(18 * 0.5f + 1);
		assertThat(y[1]).isEqualTo(1f);
	}

	/** Scales of sub-blocks 0, 1 and 4 of a K-quant super-block, in the packed twelve bytes at {@code at}. */
	private static void kScales(ByteBuffer b, int at) {
		b.put(at, (byte) 0xC3); // sub-block 0 scale 3; top bits 3 -> sub-block 4's scale high part (48)
		b.put(at + 1, (byte) 2); // sub-block 1 scale 2
		b.put(at + 4, (byte) 2); // sub-block 0 min 2
		b.put(at + 5, (byte) 1); // sub-block 1 min 1
		b.put(at + 8, (byte) 0x51); // sub-block 4: scale low 1 (-> 49), min 5
	}

	@Test
	void q4_k_uses_six_bit_scales_and_minimums_per_sub_block() {
		ByteBuffer b = block(144).putShort(0, HALF_ONE).putShort(2, HALF_HALF);
		kScales(b, 4);
		b.put(16, (byte) 0x7E); // element 0: 14 (sub-block 0); element 32: 7 (sub-block 1)
		b.put(16 + 64, (byte) 0x05); // element 128: 5 (sub-block 4)
		float[] y = checked(GgmlType.Q4_K, b, 4, 256);
		assertThat(y[0]).isEqualTo(3 * 14 - 0.5f * 2);
		assertThat(y[32]).isEqualTo(2 * 7 - 0.5f * 1);
		assertThat(y[128]).isEqualTo(49 * 5 - 0.5f * 5);
		assertThat(y[1]).isEqualTo(-0.5f * 2); // level 0 of sub-block 0
	}

	@Test
	void q5_k_adds_a_fifth_bit_per_sub_block_pair() {
		ByteBuffer b = block(176).putShort(0, HALF_ONE).putShort(2, HALF_HALF);
		kScales(b, 4);
		b.put(16, (byte) 0x13); // qh[0]: bit 0 (element 0), bit 1 (element 32), bit 4 (element 128)
		b.put(48, (byte) 0x7E);
		b.put(48 + 64, (byte) 0x05);
		float[] y = checked(GgmlType.Q5_K, b, 8, 256);
		assertThat(y[0]).isEqualTo(3 * (14 + 16) - 0.5f * 2);
		assertThat(y[32]).isEqualTo(2 * (7 + 16) - 0.5f * 1);
		assertThat(y[128]).isEqualTo(49 * (5 + 16) - 0.5f * 5);
		assertThat(y[64]).isEqualTo(0f); // sub-block 2: scale 0, min 0
	}

	@Test
	void q6_k_has_signed_scales_per_sixteen_weights() {
		ByteBuffer b = block(210).putShort(208, HALF_QUARTER);
		b.put(0, (byte) 0x9C); // ql[0]: element 0 low 12, element 64 high 9
		b.put(32, (byte) 0x30); // ql[32]: element 32 low 0, element 96 high 3
		b.put(128, (byte) 0x9D); // qh[0]: 2-bit highs 1 (el. 0), 3 (el. 32), 1 (el. 64), 2 (el. 96)
		b.put(192, (byte) -2).put(194, (byte) 3).put(196, (byte) 4).put(198, (byte) -1);
		float[] y = checked(GgmlType.Q6_K, b, 8, 256);
		assertThat(y[0]).isEqualTo(0.25f * -2 * ((12 | 16) - 32));
		assertThat(y[32]).isEqualTo(0.25f * 3 * ((0 | 48) - 32));
		assertThat(y[64]).isEqualTo(0.25f * 4 * ((9 | 16) - 32));
		assertThat(y[96]).isEqualTo(0.25f * -1 * ((3 | 32) - 32));
	}

	@Test
	void float_types_are_read_as_they_are() {
		ByteBuffer bf16 = block(4).putShort(0, (short) 0x3F80).putShort(2, (short) 0xC040);
		assertThat(GgmlBlocks.dequantize(GgmlType.BF16, bf16, 2)).containsExactly(1f, -3f);
		ByteBuffer f16 = block(2).putShort(0, Float.floatToFloat16(-1.5f));
		assertThat(GgmlBlocks.dequantize(GgmlType.F16, f16, 1)).containsExactly(-1.5f);
	}

	@Test
	void a_type_without_a_reader_is_named() {
		assertThatThrownBy(() -> GgmlBlocks.dequantize(GgmlType.IQ2_XS, block(74), 256))
			.hasMessageContaining("IQ2_XS")
			.hasMessageContaining("Q4_K");
		assertThat(GgmlType.IQ4_NL.supported()).isFalse();
	}

	/**
	 * The block's weights by ggml's definition, after checking that its MatMulNBits form (bits, and the weights it
	 * stands for) agrees; two blocks side by side in a row, the second a copy, to catch a stride that is off.
	 */
	private static float[] checked(GgmlType type, ByteBuffer block, int bits, int weights) {
		ByteBuffer two = block(2 * block.capacity()).put(block.duplicate().clear()).put(block.duplicate().clear());
		two.clear();
		float[] definition = GgmlBlocks.dequantize(type, two, 2 * weights);
		BlockMatrix matrix = GgmlBlocks.toBlockMatrix(type, two, 1, 2 * weights);
		assertThat(matrix.bits()).isEqualTo(bits);
		float[] imported = matrix.dequantize();
		for (int i = 0; i < definition.length; i++) {
			assertThat(imported[i]).as("weight " + i).isCloseTo(definition[i], within(1e-4f));
			assertThat(definition[i]).as("second block, weight " + (i % weights)).isEqualTo(definition[i % weights]);
		}
		return definition;
	}

}
