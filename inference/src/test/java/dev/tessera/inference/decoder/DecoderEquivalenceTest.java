package dev.tessera.inference.decoder;

import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.tessera.inference.imports.DecoderGraphWriter;
import dev.tessera.inference.imports.FusedLlamaOnnxWriter;
import dev.tessera.inference.imports.LlamaConfig;
import dev.tessera.inference.imports.WeightFormat;
import dev.tessera.inference.imports.LlamaOnnxWriter;
import dev.tessera.inference.imports.RandomLlamaWeights;
import dev.tessera.inference.imports.ReferenceForward;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ONNX graph against the plain-Java reference, and incremental decoding on the key/value cache against
 * recomputing the whole sequence, on randomly initialised models of several shapes.
 */
class DecoderEquivalenceTest {

	@TempDir
	Path work;

	static Stream<Arguments> shapes() {
		return Stream.of(
				// grouped-query attention, tied classifier
				Arguments.of(new LlamaConfig(64, 96, 2, 8, 2, 300, 64, 1e-5f, 10000f, true), new LlamaOnnxWriter()),
				// n_heads == n_kv_heads, separate classifier, another rope base
				Arguments.of(new LlamaConfig(48, 80, 3, 4, 4, 280, 64, 1e-6f, 500000f, false), new LlamaOnnxWriter()),
				// the fused graph: grouped-query attention with a head size of 16
				Arguments.of(new LlamaConfig(64, 96, 2, 4, 2, 300, 64, 1e-5f, 10000f, true), new FusedLlamaOnnxWriter()),
				// the fused graph with n_heads == n_kv_heads and a separate classifier
				Arguments.of(new LlamaConfig(64, 80, 3, 2, 2, 280, 64, 1e-6f, 500000f, false),
						new FusedLlamaOnnxWriter()));
	}

	private static final long[] TOKENS = { 1, 17, 200, 5, 99, 3, 42, 260, 7, 150, 11, 2 };

	@ParameterizedTest
	@MethodSource("shapes")
	void the_onnx_graph_computes_what_the_reference_computes(LlamaConfig config, DecoderGraphWriter writer)
			throws Exception {
		RandomLlamaWeights weights = new RandomLlamaWeights(config, 7);
		Path model = this.work.resolve("model.onnx");
		writer.write(weights, model, false, WeightFormat.FLOAT32);
		float[][] expected = ReferenceForward.logits(weights, TOKENS);

		try (OnnxCausalLm lm = new OnnxCausalLm(model, 1); OnnxCausalLm.KvCache cache = lm.newCache()) {
			float[][] actual = lm.forward(TOKENS, cache);
			for (int position = 0; position < TOKENS.length; position++) {
				assertThat(maxDifference(actual[position], expected[position])).as("position " + position)
					.isLessThan(1e-3f);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void decoding_on_the_cache_gives_the_logits_of_recomputing_the_sequence(LlamaConfig config,
			DecoderGraphWriter writer) throws Exception {
		RandomLlamaWeights weights = new RandomLlamaWeights(config, 11);
		Path model = this.work.resolve("model.onnx");
		writer.write(weights, model, true, WeightFormat.FLOAT32); // external data file: the large-model path

		try (OnnxCausalLm lm = new OnnxCausalLm(model, 1)) {
			float[][] full;
			try (OnnxCausalLm.KvCache cache = lm.newCache()) {
				full = lm.forward(TOKENS, cache);
			}
			try (OnnxCausalLm.KvCache cache = lm.newCache()) {
				// prefill the first 5 tokens, then one at a time
				float[][] prefill = lm.forward(java.util.Arrays.copyOf(TOKENS, 5), cache);
				for (int position = 0; position < 5; position++) {
					assertThat(maxDifference(prefill[position], full[position])).isLessThan(1e-4f);
				}
				for (int position = 5; position < TOKENS.length; position++) {
					float[] step = lm.next(new long[] { TOKENS[position] }, cache);
					assertThat(maxDifference(step, full[position])).as("position " + position).isLessThan(1e-4f);
				}
				assertThat(cache.length()).isEqualTo(TOKENS.length);
			}
		}
	}

	@ParameterizedTest
	@MethodSource("shapes")
	void a_prompt_pass_computes_logits_for_the_kept_last_positions_only(LlamaConfig config, DecoderGraphWriter writer)
			throws Exception {
		RandomLlamaWeights weights = new RandomLlamaWeights(config, 13);
		Path model = this.work.resolve("model.onnx");
		writer.write(weights, model, false, WeightFormat.FLOAT32);
		float[][] expected = ReferenceForward.logits(weights, TOKENS);

		try (ai.onnxruntime.OrtSession session = ai.onnxruntime.OrtEnvironment.getEnvironment()
			.createSession(model.toString())) {
			for (long kept : new long[] { 0, 1, 3, TOKENS.length + 5 }) {
				float[][][] logits = promptLogits(session, config, kept);
				int rows = kept == 0 ? TOKENS.length : (int) Math.min(kept, TOKENS.length);
				assertThat(logits[0]).as("rows for num_logits_to_keep " + kept).hasNumberOfRows(rows);
				for (int i = 0; i < rows; i++) {
					assertThat(maxDifference(logits[0][i], expected[TOKENS.length - rows + i])).isLessThan(1e-3f);
				}
			}
		}
		try (OnnxCausalLm lm = new OnnxCausalLm(model, 1); OnnxCausalLm.KvCache cache = lm.newCache()) {
			assertThat(maxDifference(lm.next(TOKENS, cache), expected[TOKENS.length - 1])).isLessThan(1e-3f);
		}
	}

	/** One pass over TOKENS with an empty cache, straight through ONNX Runtime. */
	private static float[][][] promptLogits(ai.onnxruntime.OrtSession session, LlamaConfig config, long kept)
			throws Exception {
		var environment = ai.onnxruntime.OrtEnvironment.getEnvironment();
		java.util.Map<String, ai.onnxruntime.OnnxTensor> inputs = new java.util.HashMap<>();
		long[] mask = new long[TOKENS.length];
		long[] positions = new long[TOKENS.length];
		for (int i = 0; i < TOKENS.length; i++) {
			mask[i] = 1;
			positions[i] = i;
		}
		long[] shape = { 1, TOKENS.length };
		inputs.put("input_ids", ai.onnxruntime.OnnxTensor.createTensor(environment, java.nio.LongBuffer.wrap(TOKENS), shape));
		inputs.put("attention_mask", ai.onnxruntime.OnnxTensor.createTensor(environment, java.nio.LongBuffer.wrap(mask), shape));
		inputs.put("position_ids", ai.onnxruntime.OnnxTensor.createTensor(environment, java.nio.LongBuffer.wrap(positions), shape));
		inputs.put(OnnxCausalLm.KEPT_LOGITS, ai.onnxruntime.OnnxTensor.createTensor(environment, kept));
		for (int l = 0; l < config.layers(); l++) {
			for (String kind : new String[] { "key", "value" }) {
				inputs.put("past_key_values." + l + "." + kind, ai.onnxruntime.OnnxTensor.createTensor(environment,
						java.nio.FloatBuffer.allocate(0), new long[] { 1, config.kvHeads(), 0, config.headSize() }));
			}
		}
		try (ai.onnxruntime.OrtSession.Result result = session.run(inputs)) {
			return (float[][][]) result.get("logits").orElseThrow().getValue();
		}
		finally {
			inputs.values().forEach(ai.onnxruntime.OnnxTensor::close);
		}
	}

	private static float maxDifference(float[] a, float[] b) {
		assertThat(a).hasSameSizeAs(b);
		float max = 0;
		for (int i = 0; i < a.length; i++) {
			max = Math.max(max, Math.abs(a[i] - b[i]));
		}
		return max;
	}

}
