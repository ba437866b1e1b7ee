package dev.tessera.inference.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tessera.inference.decoder.OnnxCausalLm;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each architecture in its real configuration family (the real head layout, rope settings, norms and caps of a
 * published model, with two layers, a small feed-forward block and vocabulary, and a sliding window shorter than the
 * test sequence), written as GGUF by {@link GgufWriter} with seeded random weights and imported: the plain graph
 * against the Java reference, the fused graph against the plain one, and decoding on the key/value cache against
 * recomputing the sequence.
 */
class ArchitectureShapesTest {

	private static final int VOCAB = 320;

	private static final int FFN = 256;

	/** Longer than every sliding window below. */
	private static final long[] TOKENS = new SplittableRandom(5).ints(28, 3, VOCAB).asLongStream().toArray();

	@TempDir
	Path work;

	/** A published model's shape: hidden size, heads, key/value heads, head size and the architecture's keys. */
	record Shape(String model, String arch, int hidden, int heads, int kvHeads, int headSize, float ropeBase,
			int rotaryDimensions, int slidingWindow, boolean biases, boolean tied, boolean ropeFactors) {

		@Override
		public String toString() {
			return this.model;
		}

	}

	static Stream<Shape> shapes() {
		return Stream.of(
				new Shape("Llama-3.2-1B", "llama", 2048, 32, 8, 64, 500000f, 64, 0, false, true, true),
				new Shape("Mistral-7B (sliding window)", "llama", 4096, 32, 8, 128, 1000000f, 128, 12, false, false,
						false),
				new Shape("Qwen2.5-0.5B", "qwen2", 896, 14, 2, 64, 1000000f, 64, 0, true, true, false),
				new Shape("Phi-3.5-mini", "phi3", 3072, 32, 32, 96, 10000f, 96, 12, false, false, false),
				new Shape("Gemma-2-2B", "gemma2", 2304, 8, 4, 256, 10000f, 256, 12, false, true, false),
				new Shape("StableLM-2-1.6B", "stablelm", 2048, 32, 32, 64, 10000f, 16, 0, true, false, false));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("shapes")
	void plain_graph_reference_fused_graph_and_cache_agree(Shape shape) throws Exception {
		Path gguf = this.work.resolve("model.gguf");
		write(shape, gguf);
		GgufWeights weights = new GgufWeights(gguf);
		LlamaConfig c = weights.config();
		assertThat(c.architecture().name()).isEqualTo(shape.arch());
		assertThat(c.architecture().slidingWindow()).isEqualTo(shape.slidingWindow());
		assertThat(FusedLlamaOnnxWriter.supports(c)).as("the fused graph writes " + shape).isTrue();

		float[][] reference = ReferenceForward.logits(weights, TOKENS);
		float[][] plain = run(new LlamaOnnxWriter(), weights, "plain.onnx", TOKENS);
		float[][] fused = run(new FusedLlamaOnnxWriter(), weights, "fused.onnx", TOKENS);
		for (int position = 0; position < TOKENS.length; position++) {
			double spread = LlamaCppFixturesTest.std(reference[position]);
			assertThat(LlamaCppFixturesTest.maxDifference(plain[position], reference[position]) / spread)
				.as("plain vs reference, position " + position)
				.isLessThan(1e-3);
			assertThat(LlamaCppFixturesTest.maxDifference(fused[position], plain[position]) / spread)
				.as("fused vs plain, position " + position)
				.isLessThan(1e-3);
		}
		if (shape.slidingWindow() > 0) {
			// the sequence outgrows the window: when every layer slides, the last position no longer sees token 1
			// (two layers of 12 reach 22 back); Gemma 2's global layers still do
			long[] changed = TOKENS.clone();
			changed[1] = TOKENS[1] == 3 ? 4 : 3;
			float[] last = run(new FusedLlamaOnnxWriter(), weights, "changed.onnx", changed)[TOKENS.length - 1];
			double difference = LlamaCppFixturesTest.maxDifference(last, fused[TOKENS.length - 1]);
			if (c.architecture().slidingLayers() == Architecture.SlidingLayers.ALL) {
				assertThat(difference).as("token 1 is outside every window").isZero();
			}
			else {
				assertThat(difference).as("token 1 is seen by the global layers").isGreaterThan(1e-3);
			}
		}
	}

	/** Logits at every position in one pass, checked against a prefill of five tokens then one token at a time. */
	private float[][] run(DecoderGraphWriter writer, GgufWeights weights, String file, long[] tokens)
			throws Exception {
		Path model = this.work.resolve(file);
		writer.write(weights, model, false, WeightFormat.FILE);
		try (OnnxCausalLm lm = new OnnxCausalLm(model, 1)) {
			float[][] full;
			try (OnnxCausalLm.KvCache cache = lm.newCache()) {
				full = lm.forward(tokens, cache);
			}
			try (OnnxCausalLm.KvCache cache = lm.newCache()) {
				float[][] prefill = lm.forward(Arrays.copyOf(tokens, 5), cache);
				for (int position = 0; position < 5; position++) {
					assertThat(relative(prefill[position], full[position])).as(file + " prefill " + position)
						.isLessThan(1e-4);
				}
				for (int position = 5; position < tokens.length; position++) {
					float[] step = lm.next(new long[] { tokens[position] }, cache);
					assertThat(relative(step, full[position])).as(file + " cached step " + position).isLessThan(1e-4);
				}
			}
			return full;
		}
	}

	private static double relative(float[] a, float[] b) {
		return LlamaCppFixturesTest.maxDifference(a, b) / LlamaCppFixturesTest.std(b);
	}

	/** The model as llama.cpp's converter would write it: its metadata keys and tensor names, F32 weights. */
	static void write(Shape s, Path file) throws Exception {
		SplittableRandom random = new SplittableRandom(s.model().hashCode());
		String a = s.arch();
		int q = s.heads() * s.headSize();
		int kv = s.kvHeads() * s.headSize();
		GgufWriter w = new GgufWriter().put("general.architecture", a)
			.put(a + ".context_length", 4096)
			.put(a + ".embedding_length", s.hidden())
			.put(a + ".block_count", 2)
			.put(a + ".feed_forward_length", FFN)
			.put(a + ".attention.head_count", s.heads())
			.put(a + ".attention.head_count_kv", s.kvHeads())
			.put(a + ".attention.key_length", s.headSize())
			.put(a + ".rope.freq_base", s.ropeBase())
			.put(a + ".rope.dimension_count", s.rotaryDimensions());
		w.put(a + (a.equals("stablelm") ? ".attention.layer_norm_epsilon" : ".attention.layer_norm_rms_epsilon"),
				a.equals("qwen2") || a.equals("gemma2") ? 1e-6f : 1e-5f);
		if (s.slidingWindow() > 0) {
			w.put(a + ".attention.sliding_window", s.slidingWindow());
		}
		if (a.equals("phi3")) {
			// Phi-3.5 mini's LongRoPE attention factor: √(1 + ln(32) / ln(4096)) on the rotary cosines and sines
			w.put(a + ".rope.scaling.attn_factor", 1.1902f);
		}
		if (a.equals("gemma2")) {
			w.put(a + ".attn_logit_softcapping", 50f).put(a + ".final_logit_softcapping", 30f);
		}
		List<String> tokens = new ArrayList<>();
		List<Float> scores = new ArrayList<>();
		for (int i = 0; i < VOCAB; i++) {
			tokens.add(i < 3 ? List.of("<unk>", "<s>", "</s>").get(i) : "<0x" + String.format("%02X", (i - 3) & 0xFF) + ">");
			scores.add(0f);
		}
		w.put("tokenizer.ggml.model", "llama").put("tokenizer.ggml.tokens", tokens).put("tokenizer.ggml.scores", scores);
		w.tensor("token_embd.weight", GgmlType.F32, random(random, VOCAB * s.hidden(), 1), VOCAB, s.hidden());
		if (!s.tied()) {
			w.tensor("output.weight", GgmlType.F32, random(random, VOCAB * s.hidden(), 0.05f), VOCAB, s.hidden());
		}
		w.tensor("output_norm.weight", GgmlType.F32, norm(random, s.hidden()), 1, s.hidden());
		if (a.equals("stablelm")) {
			w.tensor("output_norm.bias", GgmlType.F32, random(random, s.hidden(), 0.1f), 1, s.hidden());
		}
		if (s.ropeFactors()) {
			// Llama 3.1's frequency scaling: low frequencies divided by 8, high ones kept, a smooth ramp between
			float[] factors = new float[s.rotaryDimensions() / 2];
			for (int i = 0; i < factors.length; i++) {
				factors[i] = 1 + 7f * i / (factors.length - 1);
			}
			w.tensor("rope_freqs.weight", GgmlType.F32, factors, 1, factors.length);
		}
		for (int l = 0; l < 2; l++) {
			String p = "blk." + l + ".";
			w.tensor(p + "attn_norm.weight", GgmlType.F32, norm(random, s.hidden()), 1, s.hidden());
			w.tensor(p + "ffn_norm.weight", GgmlType.F32, norm(random, s.hidden()), 1, s.hidden());
			if (a.equals("stablelm")) {
				w.tensor(p + "attn_norm.bias", GgmlType.F32, random(random, s.hidden(), 0.1f), 1, s.hidden());
				w.tensor(p + "ffn_norm.bias", GgmlType.F32, random(random, s.hidden(), 0.1f), 1, s.hidden());
			}
			if (a.equals("gemma2")) {
				w.tensor(p + "post_attention_norm.weight", GgmlType.F32, norm(random, s.hidden()), 1, s.hidden());
				w.tensor(p + "post_ffw_norm.weight", GgmlType.F32, norm(random, s.hidden()), 1, s.hidden());
			}
			float scale = (float) (1 / Math.sqrt(s.hidden()));
			if (a.equals("phi3")) {
				w.tensor(p + "attn_qkv.weight", GgmlType.F32, random(random, (q + 2 * kv) * s.hidden(), scale),
						q + 2 * kv, s.hidden());
				w.tensor(p + "ffn_up.weight", GgmlType.F32, random(random, 2 * FFN * s.hidden(), scale), 2 * FFN,
						s.hidden());
			}
			else {
				w.tensor(p + "attn_q.weight", GgmlType.F32, random(random, q * s.hidden(), scale), q, s.hidden());
				w.tensor(p + "attn_k.weight", GgmlType.F32, random(random, kv * s.hidden(), scale), kv, s.hidden());
				w.tensor(p + "attn_v.weight", GgmlType.F32, random(random, kv * s.hidden(), scale), kv, s.hidden());
				w.tensor(p + "ffn_gate.weight", GgmlType.F32, random(random, FFN * s.hidden(), scale), FFN,
						s.hidden());
				w.tensor(p + "ffn_up.weight", GgmlType.F32, random(random, FFN * s.hidden(), scale), FFN, s.hidden());
			}
			if (s.biases()) {
				w.tensor(p + "attn_q.bias", GgmlType.F32, random(random, q, 0.5f), 1, q);
				w.tensor(p + "attn_k.bias", GgmlType.F32, random(random, kv, 0.5f), 1, kv);
				w.tensor(p + "attn_v.bias", GgmlType.F32, random(random, kv, 0.5f), 1, kv);
			}
			w.tensor(p + "attn_output.weight", GgmlType.F32, random(random, s.hidden() * q, (float) (1 / Math.sqrt(q))),
					s.hidden(), q);
			w.tensor(p + "ffn_down.weight", GgmlType.F32, random(random, s.hidden() * FFN, (float) (1 / Math.sqrt(FFN))),
					s.hidden(), FFN);
		}
		w.write(file);
	}

	private static float[] random(SplittableRandom random, int n, float scale) {
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = (float) (random.nextGaussian() * scale);
		}
		return out;
	}

	private static float[] norm(SplittableRandom random, int n) {
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = 1 + (float) (random.nextGaussian() * 0.1);
		}
		return out;
	}

}
