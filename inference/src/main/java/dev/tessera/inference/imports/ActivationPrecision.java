package dev.tessera.inference.imports;

/**
 * How ONNX Runtime computes the products of block-quantized weights ({@code MatMulNBits}' accuracy level): with the
 * activations quantized to int8 per block (its integer dot-product kernels; llama.cpp quantizes activations too), or
 * in float32 on the exact weights (slower; the logits equal a float forward pass on the dequantized weights).
 */
public enum ActivationPrecision {

	INT8(4), FLOAT(0);

	private final long accuracyLevel;

	ActivationPrecision(long accuracyLevel) {
		this.accuracyLevel = accuracyLevel;
	}

	/** The {@code accuracy_level} attribute of {@code MatMulNBits}. */
	public long accuracyLevel() {
		return this.accuracyLevel;
	}

}
