package dev.tessera.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Rails that need a model: the prompt-injection rail classifies with the sentence encoder when one is configured and
 * falls back to its patterns when the encoder is switched off, so packs naming it load either way.
 */
@AutoConfiguration(after = TesseraInferenceAutoConfiguration.class)
public class TesseraGuardrailsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "promptInjectionRail")
	PromptInjectionRail promptInjectionRail(ObjectProvider<SentenceEncoder> encoder) {
		SentenceEncoder sentenceEncoder = encoder.getIfAvailable();
		return sentenceEncoder != null ? PromptInjectionRail.bundled(sentenceEncoder) : new PromptInjectionRail();
	}

}
