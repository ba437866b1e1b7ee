package dev.tessera.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The embedded inference backend, under {@code tessera.inference.*}.
 */
@ConfigurationProperties(TesseraInferenceProperties.CONFIG_PREFIX)
public class TesseraInferenceProperties {

	public static final String CONFIG_PREFIX = "tessera.inference";

	/**
	 * ONNX Runtime threads per encoder pass. Unset: the available processors shared among the passes that may run at
	 * once ({@code encoder.max-concurrent}), at least one, so that concurrent turns keep every core busy without
	 * oversubscribing them. 0 leaves the choice to ONNX Runtime, which gives every pass all cores and lets its idle
	 * threads spin: under concurrent turns that measured a third fewer turns per second.
	 */
	private Integer threads;

	private final Encoder encoder = new Encoder();

	private final Decoder decoder = new Decoder();

	public Integer getThreads() {
		return this.threads;
	}

	public void setThreads(Integer threads) {
		this.threads = threads;
	}

	/** The ONNX Runtime threads an encoder pass gets: {@link #getThreads()}, or when unset the processors' share. */
	public int encoderPassThreads() {
		if (this.threads != null) {
			return this.threads;
		}
		return Math.max(1, Runtime.getRuntime().availableProcessors() / Math.max(1, this.encoder.getMaxConcurrent()));
	}

	public Encoder getEncoder() {
		return this.encoder;
	}

	public Decoder getDecoder() {
		return this.decoder;
	}

	/** Bounds on concurrent use of one model. */
	public static class Limits {

		/**
		 * Inferences running at once on the model.
		 */
		private int maxConcurrent;

		/**
		 * Callers allowed to wait for a free slot; more are turned away as busy at once.
		 */
		private int maxWaiting;

		/**
		 * Longest wait for a free slot before a busy error.
		 */
		private Duration maxWait;

		Limits(int maxConcurrent, int maxWaiting, Duration maxWait) {
			this.maxConcurrent = maxConcurrent;
			this.maxWaiting = maxWaiting;
			this.maxWait = maxWait;
		}

		public int getMaxConcurrent() {
			return this.maxConcurrent;
		}

		public void setMaxConcurrent(int maxConcurrent) {
			this.maxConcurrent = maxConcurrent;
		}

		public int getMaxWaiting() {
			return this.maxWaiting;
		}

		public void setMaxWaiting(int maxWaiting) {
			this.maxWaiting = maxWaiting;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	public static class Encoder extends Limits {

		/**
		 * Whether to offer the bundled sentence encoder (all-MiniLM-L6-v2) as the EmbeddingModel.
		 */
		private boolean enabled = true;

		/**
		 * Use the int8-quantized variant: the default, about twice as fast and no less accurate on the bench's heads,
		 * rails and retrieval (docs/measurements.md). Each precision is its own embedding space: heads are retrained,
		 * pack knowledge re-embedded and the matching injection models read when it changes.
		 */
		private boolean quantized = true;

		/**
		 * Whether concurrent callers' texts share encoder passes (dynamic batching). Unset: with the fp32 encoder only,
		 * whose vectors do not depend on their pass's company; the int8 one quantizes its activations per pass, so
		 * sharing makes a message's vector, and a decision near a threshold, depend on other traffic.
		 */
		private Boolean sharedPasses;

		public Encoder() {
			super(2, 64, Duration.ofSeconds(10));
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isQuantized() {
			return this.quantized;
		}

		public void setQuantized(boolean quantized) {
			this.quantized = quantized;
		}

		public Boolean getSharedPasses() {
			return this.sharedPasses;
		}

		public void setSharedPasses(Boolean sharedPasses) {
			this.sharedPasses = sharedPasses;
		}

		/** {@link #getSharedPasses()}, or its default for the chosen precision. */
		public boolean sharesPasses() {
			return this.sharedPasses != null ? this.sharedPasses : !this.quantized;
		}

	}

	public static class Decoder extends Limits {

		/**
		 * Directory of a local decoder (model.onnx, tokenizer.json, manifest.json, optional tokenizer_config.json);
		 * when set, it is offered as a Spring AI ChatModel.
		 */
		private Path modelDir;

		/**
		 * SHA-256 of the model directory's manifest.json (the import command prints it). When set, the server
		 * refuses to start with any other model; the manifest holds every file's SHA-256, checked at load, so this
		 * pins every byte of the model, and every instance given the same value serves the same model.
		 */
		private String modelSha256;

		public String getModelSha256() {
			return this.modelSha256;
		}

		public void setModelSha256(String modelSha256) {
			this.modelSha256 = modelSha256;
		}

		/**
		 * ONNX Runtime threads per generation step; unset: one per available processor, set explicitly (a generation is
		 * one long stream, and left to ONNX Runtime's choice it prefilled and decoded slower).
		 */
		private Integer threads;

		/**
		 * Tokens generated when a request does not say.
		 */
		private int maxTokens = 256;

		/**
		 * Sampling temperature when a request does not say (0 = greedy).
		 */
		private double temperature = 0;

		/**
		 * Top-p when a request does not say.
		 */
		private double topP = 1.0;

		/**
		 * Top-k when a request does not say (0 = off).
		 */
		private int topK = 0;

		/**
		 * Repetition penalty (1 = off).
		 */
		private double repetitionPenalty = 1.0;

		/**
		 * Sampling seed.
		 */
		private long seed = 0;

		public Decoder() {
			super(1, 8, Duration.ofSeconds(30));
		}

		public Path getModelDir() {
			return this.modelDir;
		}

		public Integer getThreads() {
			return this.threads;
		}

		public void setThreads(Integer threads) {
			this.threads = threads;
		}

		/** The threads a generation step runs on: the configured count, or one per available processor. */
		int threadsOrProcessors() {
			return this.threads != null && this.threads > 0 ? this.threads : Runtime.getRuntime().availableProcessors();
		}

		public void setModelDir(Path modelDir) {
			this.modelDir = modelDir;
		}

		public int getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(int maxTokens) {
			this.maxTokens = maxTokens;
		}

		public double getTemperature() {
			return this.temperature;
		}

		public void setTemperature(double temperature) {
			this.temperature = temperature;
		}

		public double getTopP() {
			return this.topP;
		}

		public void setTopP(double topP) {
			this.topP = topP;
		}

		public int getTopK() {
			return this.topK;
		}

		public void setTopK(int topK) {
			this.topK = topK;
		}

		public double getRepetitionPenalty() {
			return this.repetitionPenalty;
		}

		public void setRepetitionPenalty(double repetitionPenalty) {
			this.repetitionPenalty = repetitionPenalty;
		}

		public long getSeed() {
			return this.seed;
		}

		public void setSeed(long seed) {
			this.seed = seed;
		}

	}

}
