package dev.tessera.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.turn.rails.PackScopeReferences;
import dev.tessera.guardrails.abuse.AbusiveLanguageRail;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.guardrails.language.LanguageRail;
import dev.tessera.guardrails.scope.ScopeRail;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Rails that need a model or the packs: the prompt-injection rail classifies with the sentence encoder when one is
 * configured and falls back to its patterns when the encoder is switched off, so packs naming it load either way; so
 * do grounding (words and numbers only) and scope (passes, saying it did not judge). Abusive language needs neither.
 */
@AutoConfiguration(after = TesseraInferenceAutoConfiguration.class)
public class TesseraGuardrailsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "promptInjectionRail")
	PromptInjectionRail promptInjectionRail(ObjectProvider<SentenceEncoder> encoder) {
		SentenceEncoder sentenceEncoder = encoder.getIfAvailable();
		return sentenceEncoder != null ? PromptInjectionRail.bundled(sentenceEncoder) : new PromptInjectionRail();
	}

	/** Grounding of replies in their sources: words and numbers, and meaning with the encoder when there is one. */
	@Bean
	@ConditionalOnMissingBean(name = "groundingRail")
	GroundingRail groundingRail(ObjectProvider<SentenceEncoder> encoder) {
		SentenceEncoder sentenceEncoder = encoder.getIfAvailable();
		return sentenceEncoder != null ? new GroundingRail(sentenceEncoder) : new GroundingRail();
	}

	/**
	 * The language of each message, among the input rails of every pack (after redaction, before the rails that read English) ({@code languages:}); its models load
	 * in the background at start-up rather than on the first message.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "languageRail")
	LanguageRail languageRail() {
		LanguageRail rail = new LanguageRail();
		Thread.ofVirtual().name("tessera-language-models").start(() -> rail.warmUp(java.util.Set.of("en")));
		return rail;
	}

	@Bean
	@ConditionalOnMissingBean(name = "abusiveLanguageRail")
	AbusiveLanguageRail abusiveLanguageRail() {
		return new AbusiveLanguageRail();
	}

	/** What each assistant is for, from its pack; without the encoder the rail passes and says it did not judge. */
	@Bean
	@ConditionalOnMissingBean(name = "scopeRail")
	ScopeRail scopeRail(ObjectProvider<SentenceEncoder> encoder, ObjectProvider<AssistantCatalog> assistants,
			ResourceLoader resourceLoader) {
		PackExamples examples = new PackExamples(ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
		return new ScopeRail(encoder.getIfAvailable(), new PackScopeReferences(assistants::getObject, examples));
	}

}
