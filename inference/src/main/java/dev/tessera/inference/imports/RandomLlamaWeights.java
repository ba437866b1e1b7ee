package dev.tessera.inference.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Randomly initialised weights of any llama shape, generated tensor by tensor from a seed (the same seed gives the
 * same model). For testing the engine on shapes no trained fixture has, and for measuring real SLM shapes without
 * downloading their weights.
 */
public final class RandomLlamaWeights implements LlamaWeights {

	private final LlamaConfig config;

	private final long seed;

	public RandomLlamaWeights(LlamaConfig config, long seed) {
		this.config = config;
		this.seed = seed;
	}

	/** The shape of Qwen2.5-0.5B (biases and tied-embedding details aside). */
	public static LlamaConfig qwen25HalfBillionShape() {
		return new LlamaConfig(896, 4864, 24, 14, 2, 151936, 32768, 1e-6f, 1_000_000f, true);
	}

	/** Llama 3.2 1B's shape: 16 layers, hidden 2048, 32 heads of 64 over 8 key/value heads, tied embeddings. */
	public static LlamaConfig llama32OneBillionShape() {
		return new LlamaConfig(2048, 8192, 16, 32, 8, 128256, 8192, 1e-5f, 500_000f, true);
	}

	/** A vocabulary of the model's size: unk, BOS, EOS, the 256 byte tokens, then numbered filler pieces. */
	public static Vocabulary vocabulary(int size) {
		if (size < 259) {
			throw new IllegalArgumentException("a byte-fallback vocabulary needs at least 259 tokens, got " + size);
		}
		List<String> pieces = new ArrayList<>(size);
		pieces.add("<unk>");
		pieces.add("<s>");
		pieces.add("</s>");
		for (int b = 0; b < 256; b++) {
			pieces.add(String.format("<0x%02X>", b));
		}
		for (int i = pieces.size(); i < size; i++) {
			pieces.add(Vocabulary.SPACE + "w" + i);
		}
		float[] scores = new float[size];
		for (int i = 0; i < size; i++) {
			scores[i] = -i;
		}
		return new Vocabulary(pieces, scores, 0, 1, 2);
	}

	@Override
	public LlamaConfig config() {
		return this.config;
	}

	private float[] normal(long salt, long count, float scale) {
		SplittableRandom random = new SplittableRandom(this.seed * 1_000_003L + salt);
		float[] values = new float[Math.toIntExact(count)];
		for (int i = 0; i < values.length; i++) {
			// sum of uniforms: close enough to normal, and fast
			values[i] = (float) ((random.nextDouble() + random.nextDouble() + random.nextDouble() - 1.5) * 2 * scale);
		}
		return values;
	}

	private float[] ones(long salt, int count) {
		float[] values = normal(salt, count, 0.05f);
		for (int i = 0; i < count; i++) {
			values[i] += 1f;
		}
		return values;
	}

	private long d() {
		return this.config.dim();
	}

	@Override
	public float[] tokenEmbedding() {
		return normal(1, this.config.vocabSize() * d(), 0.5f);
	}

	@Override
	public float[] attentionNorm(int layer) {
		return ones(100 + layer, this.config.dim());
	}

	@Override
	public float[] wq(int layer) {
		return normal(200 + layer, d() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] wk(int layer) {
		return normal(300 + layer, this.config.kvDim() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] wv(int layer) {
		return normal(400 + layer, this.config.kvDim() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] wo(int layer) {
		return normal(500 + layer, d() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] ffnNorm(int layer) {
		return ones(600 + layer, this.config.dim());
	}

	@Override
	public float[] w1(int layer) {
		return normal(700 + layer, this.config.hiddenDim() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] w2(int layer) {
		return normal(800 + layer, this.config.hiddenDim() * d(), (float) (1 / Math.sqrt(this.config.hiddenDim())));
	}

	@Override
	public float[] w3(int layer) {
		return normal(900 + layer, this.config.hiddenDim() * d(), (float) (1 / Math.sqrt(d())));
	}

	@Override
	public float[] finalNorm() {
		return ones(1000, this.config.dim());
	}

	@Override
	public float[] classifier() {
		return this.config.sharedClassifier() ? tokenEmbedding()
				: normal(1100, this.config.vocabSize() * d(), (float) (1 / Math.sqrt(d())));
	}

}
