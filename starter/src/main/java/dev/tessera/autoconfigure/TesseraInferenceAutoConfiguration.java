package dev.tessera.autoconfigure;

import java.util.Map;
import java.util.Set;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

import dev.tessera.inference.chat.ChatTemplate;
import dev.tessera.inference.chat.LocalChatModel;
import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.registry.ModelManifest;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;

/**
 * The embedded inference backend: the bundled sentence encoder as the Spring AI {@link EmbeddingModel}, and a local
 * decoder as a {@link ChatModel} when {@code tessera.inference.decoder.model-dir} names one. Models load on first use
 * and close with the context.
 */
@AutoConfiguration
@EnableConfigurationProperties({ TesseraInferenceProperties.class, TesseraProperties.class })
public class TesseraInferenceAutoConfiguration {

	@Bean(destroyMethod = "close")
	@Lazy
	@ConditionalOnMissingBean
	@ConditionalOnProperty(prefix = TesseraInferenceProperties.CONFIG_PREFIX, name = "encoder.enabled",
			matchIfMissing = true)
	SentenceEncoder sentenceEncoder(TesseraInferenceProperties properties, TesseraProperties tessera) {
		useDataDirectory(tessera);
		TesseraInferenceProperties.Encoder encoder = properties.getEncoder();
		return SentenceEncoder.allMiniLmL6V2(encoder.isQuantized(), properties.encoderPassThreads(),
				gate("sentence-encoder", encoder), encoder.sharesPasses());
	}

	@Bean
	@Lazy
	@ConditionalOnMissingBean(EmbeddingModel.class)
	@ConditionalOnProperty(prefix = TesseraInferenceProperties.CONFIG_PREFIX, name = "encoder.enabled",
			matchIfMissing = true)
	LocalEmbeddingModel localEmbeddingModel(SentenceEncoder encoder) {
		return new LocalEmbeddingModel(encoder);
	}

	/** DJL's native tokenizer library is unpacked under the data directory, not the user's home. */
	static void useDataDirectory(TesseraProperties tessera) {
		HuggingFaceTextTokenizer.useCacheDirectory(tessera.getDataDir().resolve("djl-cache"));
	}

	static ConcurrencyGate gate(String model, TesseraInferenceProperties.Limits limits) {
		return new ConcurrencyGate(model, limits.getMaxConcurrent(), limits.getMaxWaiting(), limits.getMaxWait());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = TesseraInferenceProperties.CONFIG_PREFIX, name = "decoder.model-dir")
	static class LocalDecoderConfiguration {

		private static final org.apache.commons.logging.Log logger = org.apache.commons.logging.LogFactory
			.getLog(LocalDecoderConfiguration.class);

		@Bean
		ModelDirectory localDecoderModel(TesseraInferenceProperties properties) {
			ModelDirectory model = ModelDirectory.open(properties.getDecoder().getModelDir());
			if (!"decoder".equals(model.manifest().kind())) {
				throw new IllegalArgumentException("tessera.inference.decoder.model-dir " + model.directory()
						+ " holds a '" + model.manifest().kind() + "' model, not a decoder");
			}
			String pinned = properties.getDecoder().getModelSha256();
			String actual = ModelDirectory.sha256(model.directory().resolve(ModelManifest.FILE_NAME));
			if (pinned != null && !pinned.isBlank() && !pinned.strip().equalsIgnoreCase(actual)) {
				throw new IllegalStateException("tessera.inference.decoder.model-dir " + model.directory()
						+ " holds the model with manifest SHA-256 " + actual + ", not the pinned "
						+ pinned.strip() + " (tessera.inference.decoder.model-sha256): refusing to serve another model");
			}
			logger.info("Local decoder '" + model.manifest().name() + "' from " + model.directory()
					+ ", manifest SHA-256 " + actual + (pinned == null || pinned.isBlank() ? "" : " (pinned)"));
			return model;
		}

		@Bean(destroyMethod = "close")
		OnnxCausalLm localDecoder(ModelDirectory localDecoderModel, TesseraInferenceProperties properties) {
			return new OnnxCausalLm(localDecoderModel.file("model"), properties.getDecoder().threadsOrProcessors());
		}

		@Bean(destroyMethod = "close")
		HuggingFaceTextTokenizer localDecoderTokenizer(ModelDirectory localDecoderModel, TesseraProperties tessera) {
			useDataDirectory(tessera);
			return HuggingFaceTextTokenizer.fromFile(localDecoderModel.file("tokenizer"));
		}

		@Bean
		@ConditionalOnMissingBean(ChatModel.class)
		LocalChatModel localChatModel(ModelDirectory localDecoderModel, OnnxCausalLm localDecoder,
				HuggingFaceTextTokenizer localDecoderTokenizer, TesseraInferenceProperties properties) {
			TesseraInferenceProperties.Decoder d = properties.getDecoder();
			// EOS, and the end-of-turn tokens an imported GGUF names (an instruct model ends its reply with those)
			Map<String, String> manifest = localDecoderModel.manifest().properties();
			Set<Long> stops = java.util.Arrays
				.stream(manifest.getOrDefault("stop_token_ids", manifest.getOrDefault("eos_token_id", "2")).split(","))
				.map(String::strip)
				.map(Long::parseLong)
				.collect(java.util.stream.Collectors.toUnmodifiableSet());
			return new LocalChatModel(localDecoderModel.manifest().name(),
					new TextGenerator(localDecoder, localDecoderTokenizer), localDecoderTokenizer,
					ChatTemplate.fromTokenizerConfig(localDecoderModel.directory().resolve("tokenizer_config.json")),
					stops,
					new LocalChatModel.Defaults(d.getMaxTokens(), new SamplingOptions(d.getTemperature(), d.getTopK(),
							d.getTopP(), d.getRepetitionPenalty(), d.getSeed())),
					gate(localDecoderModel.manifest().name(), d));
		}

	}

}
