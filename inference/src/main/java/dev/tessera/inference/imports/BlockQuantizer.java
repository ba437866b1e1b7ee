package dev.tessera.inference.imports;

/**
 * Symmetric block quantization in the layout of ONNX Runtime's {@code MatMulNBits}: for a weight matrix W used as
 * {@code x · Wᵀ} with W row-major {@code (n, k)}, each row is cut into blocks of {@link WeightFormat#BLOCK_SIZE} along k
 * (the last block padded with zeros); a block stores {@code q = round(w / scale) + zp} with
 * {@code scale = max|w| / (zp - 1)} and the default zero point {@code zp = 2^(bits-1)}. Four-bit values are packed two
 * to a byte, the first in the low nibble.
 */
final class BlockQuantizer {

	static BlockMatrix quantize(float[] weight, int n, int k, int bits) {
		int block = WeightFormat.BLOCK_SIZE;
		int blocks = (k + block - 1) / block;
		int blockBytes = block * bits / 8;
		int zeroPoint = 1 << (bits - 1);
		int maxLevel = zeroPoint - 1;
		byte[] packed = new byte[n * blocks * blockBytes];
		float[] scales = new float[n * blocks];
		for (int row = 0; row < n; row++) {
			for (int b = 0; b < blocks; b++) {
				int start = b * block;
				int end = Math.min(k, start + block);
				float max = 0;
				for (int i = start; i < end; i++) {
					max = Math.max(max, Math.abs(weight[row * k + i]));
				}
				float scale = max == 0 ? 1f : max / maxLevel;
				scales[row * blocks + b] = scale;
				int base = (row * blocks + b) * blockBytes;
				for (int j = 0; j < block; j++) {
					int i = start + j;
					float w = i < end ? weight[row * k + i] : 0f;
					int q = Math.round(w / scale) + zeroPoint;
					q = Math.max(0, Math.min((1 << bits) - 1, q));
					if (bits == 8) {
						packed[base + j] = (byte) q;
					}
					else {
						int at = base + j / 2;
						packed[at] = (byte) (j % 2 == 0 ? (packed[at] & 0xF0) | q : (packed[at] & 0x0F) | (q << 4));
					}
				}
			}
		}
		return new BlockMatrix(n, k, bits, block, packed, scales, null);
	}

}
