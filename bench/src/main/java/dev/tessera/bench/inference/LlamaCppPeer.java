package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;

/**
 * llama.cpp itself, through java-llama.cpp (its native library, built by that project, inside the jar from Maven
 * Central), decoding the same GGUF file Tessera imported: the peer of {@code decode-throughput}. Prefill is the time
 * to the first generated token (the prompt pass plus one sampling step), decode the rate of the tokens after it,
 * greedy, end of text ignored, the prompt cache off.
 */
final class LlamaCppPeer {

	record Result(double loadSeconds, double prefillTokensPerSecond, double decodeTokensPerSecond, int promptTokens,
			List<Double> decodeRuns) {
	}

	private LlamaCppPeer() {
	}

	static Result measure(Path gguf, int promptTokens, int newTokens, int runs, int threads) {
		LlamaModel.setLogger(null, (level, message) -> {
		});
		long loading = System.nanoTime();
		ModelParameters parameters = new ModelParameters().setModel(gguf.toAbsolutePath().toString())
			.setThreads(threads)
			.setThreadsBatch(threads)
			.setGpuLayers(0)
			.setCtxSize(promptTokens + newTokens + 64)
			.setBatchSize(Math.max(512, promptTokens))
			.setUbatchSize(Math.max(512, promptTokens))
			.disableLog();
		try (LlamaModel model = new LlamaModel(parameters)) {
			double loadSeconds = (System.nanoTime() - loading) / 1e9;
			String prompt = promptOf(model, promptTokens);
			int tokens = model.encode(prompt).length;
			List<Double> prefill = new ArrayList<>();
			List<Double> decode = new ArrayList<>();
			for (int run = 0; run <= runs; run++) { // run 0 warms up
				InferenceParameters inference = new InferenceParameters(prompt).setNPredict(newTokens)
					.setTemperature(0f)
					.setTopK(1)
					.setIgnoreEos(true)
					.setCachePrompt(false);
				long started = System.nanoTime();
				long first = 0;
				int generated = 0;
				for (LlamaOutput ignored : model.generate(inference)) {
					if (generated++ == 0) {
						first = System.nanoTime();
					}
				}
				long ended = System.nanoTime();
				if (run > 0 && generated > 1) {
					prefill.add(tokens / ((first - started) / 1e9));
					decode.add((generated - 1) / ((ended - first) / 1e9));
				}
			}
			return new Result(loadSeconds, DecodeThroughputCommand.median(prefill),
					DecodeThroughputCommand.median(decode), tokens, decode);
		}
	}

	/** A text of about the given number of tokens in the model's own tokenization. */
	private static String promptOf(LlamaModel model, int promptTokens) {
		StringBuilder text = new StringBuilder("Once upon a time");
		while (model.encode(text.toString()).length < promptTokens) {
			text.append(" and then the little robot looked at the stars again");
		}
		while (model.encode(text.toString()).length > promptTokens && text.length() > 1) {
			text.setLength(text.length() - 1);
		}
		return text.toString();
	}

}
