package dev.tessera.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.escalation.BudgetLimits;
import dev.tessera.core.escalation.ChatModelEscalator;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.escalation.EscalationBudget;
import dev.tessera.core.escalation.EscalationSettings;
import dev.tessera.core.escalation.Escalator;
import dev.tessera.core.escalation.JdbcEscalationBudget;
import dev.tessera.core.turn.respond.EscalatingResponder;
import dev.tessera.core.turn.respond.GenerativeResponder;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.respond.Responder;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.route.Router;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.inference.chat.LocalChatModel;

/**
 * Escalation to a large model from {@code tessera.escalation.*}: the escalator (with its budget on the application's
 * database), and the router and responder that use it. Runs before {@link TesseraAssistantsAutoConfiguration}, whose
 * escalation-less router and responder then back off. The OpenAI chat model is built here from Tessera's own
 * properties rather than by Spring AI's OpenAI auto-configuration, which refuses to start without an API key.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = TesseraAssistantsAutoConfiguration.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties({ TesseraEscalationProperties.class, TesseraGenerationProperties.class })
public class TesseraEscalationAutoConfiguration {

	private static final Log logger = LogFactory.getLog(TesseraEscalationAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean
	ContextRedactor contextRedactor() {
		return new ContextRedactor(new PiiPatternRail());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	EscalationBudget escalationBudget(DataSource dataSource, TesseraEscalationProperties properties) {
		TesseraEscalationProperties.Budget budget = properties.getBudget();
		return new JdbcEscalationBudget(JdbcClient.create(dataSource), tenant -> {
			TesseraEscalationProperties.TenantLimits own = budget.getTenants().get(tenant);
			Long escalations = own != null && own.getMaxEscalations() != null ? own.getMaxEscalations()
					: budget.getMaxEscalations();
			Long tokens = own != null && own.getMaxTokens() != null ? own.getMaxTokens() : budget.getMaxTokens();
			return new BudgetLimits(budget.getPeriod(), escalations == null ? Long.MAX_VALUE : escalations,
					tokens == null ? Long.MAX_VALUE : tokens);
		}, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	Escalator escalator(TesseraEscalationProperties properties, EscalationBudget budget, ContextRedactor redactor,
			BeanFactory beans) {
		EscalationSettings settings = new EscalationSettings(properties.getTimeout(), properties.getMaxAttempts(),
				properties.getRetryWait(), properties.getCircuitBreaker().getFailureRateThreshold(),
				properties.getCircuitBreaker().getSlidingWindowSize(), properties.getCircuitBreaker().getMinimumCalls(),
				properties.getCircuitBreaker().getOpenStateWait(), properties.getMaxConcurrent());
		return switch (properties.getProvider()) {
			case NONE -> {
				logger.info("No large model configured (tessera.escalation.provider=none): escalations go to a person");
				yield Escalator.none();
			}
			case OPENAI -> {
				// the escalator retries and times out itself; the client's own timeout only backs it up
				ChatModels.Named model = ChatModels.openAi(TesseraEscalationProperties.CONFIG_PREFIX,
						properties.getOpenai(), properties.getTimeout().plusSeconds(1));
				logger.info("Escalations go to " + model.name() + " at " + properties.getOpenai().getBaseUrl());
				yield new ChatModelEscalator(model.model(), model.name(), budget, redactor, settings);
			}
			case CHAT_MODEL -> {
				ChatModels.Named model = ChatModels.bean(TesseraEscalationProperties.CONFIG_PREFIX,
						properties.getChatModelBean(), beans);
				logger.info("Escalations go to the ChatModel bean '" + model.name() + "'");
				yield new ChatModelEscalator(model.model(), model.name(), budget, redactor, settings);
			}
		};
	}

	@Bean
	@ConditionalOnMissingBean
	Router router(Escalator escalator) {
		return new DefaultRouter(escalator.available());
	}

	@Bean
	@ConditionalOnMissingBean
	Responder responder(Escalator escalator, TesseraGenerationProperties generation, ContextRedactor redactor,
			BeanFactory beans) {
		return new EscalatingResponder(localResponder(generation, redactor, beans), escalator);
	}

	/**
	 * Grounded templates, or answers generated from the same sources and tool results when
	 * {@code tessera.generation.provider} names a model.
	 */
	static Responder localResponder(TesseraGenerationProperties generation, ContextRedactor redactor,
			BeanFactory beans) {
		GroundedTemplateResponder grounded = new GroundedTemplateResponder();
		return switch (generation.getProvider()) {
			case NONE -> grounded;
			case LOCAL -> {
				LocalChatModel model = beans.getBeanProvider(LocalChatModel.class).getIfAvailable();
				if (model == null) {
					throw new IllegalStateException("tessera.generation.provider=local needs a local decoder: set "
							+ "tessera.inference.decoder.model-dir");
				}
				logger.info("Local answers are generated by the local decoder");
				yield new GenerativeResponder(grounded, model, "local-decoder", redactor);
			}
			case OPENAI -> {
				// a failed generation falls back to the template at once: the client must not retry underneath
				ChatModels.Named model = ChatModels.openAi(TesseraGenerationProperties.CONFIG_PREFIX,
						generation.getOpenai(), null);
				logger.info("Local answers are generated by " + model.name() + " at "
						+ generation.getOpenai().getBaseUrl());
				yield new GenerativeResponder(grounded, model.model(), model.name(), redactor);
			}
			case CHAT_MODEL -> {
				ChatModels.Named model = ChatModels.bean(TesseraGenerationProperties.CONFIG_PREFIX,
						generation.getChatModelBean(), beans);
				yield new GenerativeResponder(grounded, model.model(), model.name(), redactor);
			}
		};
	}

}
