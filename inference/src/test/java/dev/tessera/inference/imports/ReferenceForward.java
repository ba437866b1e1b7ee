package dev.tessera.inference.imports;

/**
 * Test access to {@link LlamaReference} from other packages.
 */
public final class ReferenceForward {

	private ReferenceForward() {
	}

	/** Logits at every position of the sequence, computed one token at a time. */
	public static float[][] logits(LlamaWeights weights, long[] tokens) {
		LlamaReference reference = new LlamaReference(weights, tokens.length);
		float[][] out = new float[tokens.length][];
		for (int pos = 0; pos < tokens.length; pos++) {
			out[pos] = reference.forward((int) tokens[pos], pos);
		}
		return out;
	}

}
