package dev.tessera.bench.inference;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.tessera.bench.report.Report;
import dev.tessera.inference.decoder.GenerationRequest;
import dev.tessera.inference.decoder.GenerationResult;
import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

/**
 * Generates text with a local decoder and reports the tokens, the text and the speed.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
		description = "Generate text with a local decoder (model directory, or a .bin/.gguf checkpoint imported on the fly).")
public class GenerateCommand implements Callable<Integer> {

	@Option(names = "--model", required = true, description = "Model directory, llama2.c .bin or .gguf.")
	Path model;

	@Option(names = "--tokenizer", description = "llama2.c tokenizer for a .bin checkpoint.")
	Path tokenizer;

	@Option(names = "--prompt", defaultValue = "", description = "Prompt text (default: none, start from BOS).")
	String prompt;

	@Option(names = "--steps", defaultValue = "256", description = "Tokens to generate.")
	int steps;

	@Option(names = "--temperature", defaultValue = "0", description = "0 = greedy.")
	double temperature;

	@Option(names = "--top-p", defaultValue = "1.0")
	double topP;

	@Option(names = "--top-k", defaultValue = "0")
	int topK;

	@Option(names = "--seed", defaultValue = "0")
	long seed;

	@Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (0 = all cores).")
	int threads;

	@Option(names = "--weights", defaultValue = "float32",
			description = "Weight format when importing a checkpoint: float32, int8 or int4.")
	String weights;

	@Option(names = "--out", defaultValue = "bench/target/reports/generate.json")
	Path out;

	@Override
	public Integer call() throws Exception {
		ModelDirectory directory = Models.resolve(this.model, this.tokenizer,
				dev.tessera.inference.imports.WeightFormat.parse(this.weights));
		long bos = Long.parseLong(directory.manifest().properties().getOrDefault("bos_token_id", "1"));
		long eos = Long.parseLong(directory.manifest().properties().getOrDefault("eos_token_id", "2"));
		try (OnnxCausalLm lm = new OnnxCausalLm(directory.file("model"), this.threads);
				HuggingFaceTextTokenizer tok = HuggingFaceTextTokenizer.fromFile(directory.file("tokenizer"))) {
			long[] promptTokens = this.prompt.isEmpty() ? new long[] { bos } : tok.encode(this.prompt, true);
			GenerationResult result = new TextGenerator(lm, tok).generate(
					new GenerationRequest(promptTokens, this.steps,
							new SamplingOptions(this.temperature, this.topK, this.topP, 1.0, this.seed), Set.of(eos),
							List.of()),
					(token, delta) -> {
						System.out.print(delta);
						System.out.flush();
						return true;
					});
			System.out.println();
			Map<String, Object> report = new LinkedHashMap<>();
			report.put("command", "generate");
			report.put("model", directory.manifest().name());
			report.put("prompt", this.prompt);
			report.put("promptTokens", result.promptTokens());
			report.put("tokens", result.tokens());
			report.put("text", result.text());
			report.put("finishReason", result.finishReason().name());
			report.put("tokensPerSecond", Math.round(result.decodeTokensPerSecond() * 10) / 10.0);
			report.put("prefillTokensPerSecond", Math.round(result.prefillTokensPerSecond() * 10) / 10.0);
			Report.write(this.out, report, String.format(Locale.ROOT,
					"## generate: %s%n%n%d tokens, %s, decode %.1f tokens/s, prefill %.1f tokens/s%n",
					directory.manifest().name(), result.completionTokens(), result.finishReason(),
					result.decodeTokensPerSecond(), result.prefillTokensPerSecond()));
		}
		return 0;
	}

}
