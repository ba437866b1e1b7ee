package dev.tessera.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.StringUtils;

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
				properties.getCircuitBreaker().getOpenStateWait());
		return switch (properties.getProvider()) {
			case NONE -> {
				logger.info("No large model configured (tessera.escalation.provider=none): escalations go to a person");
				yield Escalator.none();
			}
			case OPENAI -> {
				TesseraEscalationProperties.OpenAi openai = properties.getOpenai();
				if (!StringUtils.hasText(openai.getModel())) {
					throw new IllegalStateException(
							"tessera.escalation.provider=openai needs tessera.escalation.openai.model (the model name "
									+ "the server at " + openai.getBaseUrl() + " serves)");
				}
				OpenAiChatModel model = OpenAiChatModel.builder()
					.options(OpenAiChatOptions.builder()
						.baseUrl(openai.getBaseUrl())
						.apiKey(openai.getApiKey())
						.model(openai.getModel())
						.maxTokens(openai.getMaxTokens())
						.temperature(openai.getTemperature())
						// the escalator retries and times out; the client must not do it again underneath
						.maxRetries(0)
						.timeout(properties.getTimeout().plusSeconds(1))
						.build())
					.build();
				logger.info("Escalations go to " + openai.getModel() + " at " + openai.getBaseUrl());
				yield new ChatModelEscalator(model, openai.getModel(), budget, redactor, settings);
			}
			case CHAT_MODEL -> {
				String name = properties.getChatModelBean();
				if (!StringUtils.hasText(name)) {
					throw new IllegalStateException(
							"tessera.escalation.provider=chat-model needs tessera.escalation.chat-model-bean");
				}
				ChatModel model = beans.getBean(name, ChatModel.class);
				logger.info("Escalations go to the ChatModel bean '" + name + "'");
				yield new ChatModelEscalator(model, name, budget, redactor, settings);
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
				TesseraGenerationProperties.OpenAi openai = generation.getOpenai();
				if (!StringUtils.hasText(openai.getModel())) {
					throw new IllegalStateException("tessera.generation.provider=openai needs tessera.generation.openai.model");
				}
				OpenAiChatModel model = OpenAiChatModel.builder()
					.options(OpenAiChatOptions.builder()
						.baseUrl(openai.getBaseUrl())
						.apiKey(openai.getApiKey())
						.model(openai.getModel())
						.maxTokens(openai.getMaxTokens())
						.temperature(openai.getTemperature())
						.maxRetries(0)
						.build())
					.build();
				logger.info("Local answers are generated by " + openai.getModel() + " at " + openai.getBaseUrl());
				yield new GenerativeResponder(grounded, model, openai.getModel(), redactor);
			}
			case CHAT_MODEL -> {
				String name = generation.getChatModelBean();
				if (!StringUtils.hasText(name)) {
					throw new IllegalStateException(
							"tessera.generation.provider=chat-model needs tessera.generation.chat-model-bean");
				}
				yield new GenerativeResponder(grounded, beans.getBean(name, ChatModel.class), name, redactor);
			}
		};
	}

}
