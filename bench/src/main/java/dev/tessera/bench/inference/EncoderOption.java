package dev.tessera.bench.inference;

import java.time.Duration;

import picocli.CommandLine.Option;

import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

/**
 * {@code --encoder} of every command that embeds: which precision of the bundled all-MiniLM-L6-v2 to run. The default
 * is the server's (int8); models trained on one precision's embeddings are read only with that precision.
 */
public class EncoderOption {

	@Option(names = "--encoder", defaultValue = "int8",
			description = "all-MiniLM-L6-v2 precision: int8 (the server's default) or fp32 (default: ${DEFAULT-VALUE}).")
	String precision;

	/** Whether the int8 variant was chosen. */
	public boolean quantized() {
		return quantized(this.precision);
	}

	/** The chosen encoder with the given ONNX Runtime intra-op threads (0: ONNX Runtime's choice); the caller closes it. */
	public SentenceEncoder open(int threads) {
		return open(this.precision, threads);
	}

	/** The chosen encoder behind the given gate (a load test's concurrency). */
	public SentenceEncoder open(int threads, ConcurrencyGate gate) {
		return SentenceEncoder.allMiniLmL6V2(quantized(this.precision), threads, gate);
	}

	/** The bundled encoder by precision ({@code fp32}, {@code full}, {@code int8}) or by the name a model file records. */
	public static SentenceEncoder open(String precision, int threads) {
		return SentenceEncoder.allMiniLmL6V2(quantized(precision), threads,
				new ConcurrencyGate("bench", 1, 0, Duration.ofSeconds(1)));
	}

	private static boolean quantized(String precision) {
		return switch (precision) {
			case "int8", "all-minilm-l6-v2-q" -> true;
			case "fp32", "full", "all-minilm-l6-v2" -> false;
			default -> throw new IllegalArgumentException("--encoder is int8 or fp32, not '" + precision + "'");
		};
	}

}
