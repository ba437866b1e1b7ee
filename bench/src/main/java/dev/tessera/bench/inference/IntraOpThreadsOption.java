package dev.tessera.bench.inference;

import picocli.CommandLine.Option;

/**
 * {@code --threads} of the throughput commands. They measure one stream, which ran slower here with ONNX Runtime's
 * own choice of threads than with the number of processors set explicitly (see the inference README).
 */
class IntraOpThreadsOption {

	@Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: one per available processor, "
			+ "set explicitly; 0 leaves the choice to ONNX Runtime, as the server does).")
	Integer threads;

	/** The thread count to measure with. */
	int resolve() {
		return this.threads != null ? this.threads : Runtime.getRuntime().availableProcessors();
	}

}
