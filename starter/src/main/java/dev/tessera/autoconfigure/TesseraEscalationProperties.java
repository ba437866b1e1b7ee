package dev.tessera.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Escalation to a large model, under {@code tessera.escalation.*}. Without a provider every escalation becomes a
 * hand-off to a person.
 */
@ConfigurationProperties(TesseraEscalationProperties.CONFIG_PREFIX)
public class TesseraEscalationProperties {

	public static final String CONFIG_PREFIX = "tessera.escalation";

	/**
	 * Which large model answers escalated turns: "none" (escalations go to a person), "openai" (any
	 * OpenAI-compatible server: OpenAI, vLLM, Ollama, LM Studio; see tessera.escalation.openai.*) or "chat-model"
	 * (the application's own Spring AI ChatModel bean named by tessera.escalation.chat-model-bean, e.g. from an
	 * Anthropic starter).
	 */
	private Provider provider = Provider.NONE;

	/**
	 * Name of the Spring AI ChatModel bean to escalate to when the provider is "chat-model".
	 */
	private String chatModelBean;

	/**
	 * Longest wait for one call to the large model; the turn then goes to a person.
	 */
	private Duration timeout = Duration.ofSeconds(20);

	/**
	 * Calls per escalation, the first included (1 = no retry).
	 */
	private int maxAttempts = 2;

	/**
	 * Pause between attempts.
	 */
	private Duration retryWait = Duration.ofMillis(500);

	/**
	 * Escalations waiting for the large model at once; more hand off to a person at once (a bulkhead: a model that
	 * hangs cannot hold every chat turn of the server for its timeout).
	 */
	private int maxConcurrent = dev.tessera.core.escalation.EscalationSettings.DEFAULT_MAX_CONCURRENT;

	public int getMaxConcurrent() {
		return this.maxConcurrent;
	}

	public void setMaxConcurrent(int maxConcurrent) {
		this.maxConcurrent = maxConcurrent;
	}

	/**
	 * The OpenAI-compatible server when the provider is "openai" (answers of at most 512 tokens at temperature 0.2 by
	 * default).
	 */
	@NestedConfigurationProperty
	private final OpenAiConnectionProperties openai = new OpenAiConnectionProperties(512, 0.2);

	private final CircuitBreaker circuitBreaker = new CircuitBreaker();

	private final Budget budget = new Budget();

	public Provider getProvider() {
		return this.provider;
	}

	public void setProvider(Provider provider) {
		this.provider = provider;
	}

	public String getChatModelBean() {
		return this.chatModelBean;
	}

	public void setChatModelBean(String chatModelBean) {
		this.chatModelBean = chatModelBean;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getRetryWait() {
		return this.retryWait;
	}

	public void setRetryWait(Duration retryWait) {
		this.retryWait = retryWait;
	}

	public OpenAiConnectionProperties getOpenai() {
		return this.openai;
	}

	public CircuitBreaker getCircuitBreaker() {
		return this.circuitBreaker;
	}

	public Budget getBudget() {
		return this.budget;
	}

	public enum Provider {

		/** No large model: escalations go to a person. */
		NONE,
		/** An OpenAI-compatible server configured by tessera.escalation.openai.*. */
		OPENAI,
		/** The application's own Spring AI ChatModel bean. */
		CHAT_MODEL

	}

	public static class CircuitBreaker {

		/**
		 * Percentage of failed calls within the sliding window that opens the circuit.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Calls the failure rate is computed over.
		 */
		private int slidingWindowSize = 10;

		/**
		 * Calls needed before the failure rate counts.
		 */
		private int minimumCalls = 5;

		/**
		 * How long an open circuit refuses calls before letting a trial call through.
		 */
		private Duration openStateWait = Duration.ofSeconds(30);

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumCalls() {
			return this.minimumCalls;
		}

		public void setMinimumCalls(int minimumCalls) {
			this.minimumCalls = minimumCalls;
		}

		public Duration getOpenStateWait() {
			return this.openStateWait;
		}

		public void setOpenStateWait(Duration openStateWait) {
			this.openStateWait = openStateWait;
		}

	}

	public static class Budget {

		/**
		 * Length of a budget period; periods are aligned to the epoch (a day runs from midnight UTC).
		 */
		private Duration period = Duration.ofDays(1);

		/**
		 * Escalations per tenant and period; empty for no limit.
		 */
		private Long maxEscalations;

		/**
		 * Tokens (prompt and completion) per tenant and period; empty for no limit.
		 */
		private Long maxTokens;

		/**
		 * Limits of particular tenants, by tenant id; a limit they do not set is the default above.
		 */
		private Map<String, TenantLimits> tenants = new LinkedHashMap<>();

		public Duration getPeriod() {
			return this.period;
		}

		public void setPeriod(Duration period) {
			this.period = period;
		}

		public Long getMaxEscalations() {
			return this.maxEscalations;
		}

		public void setMaxEscalations(Long maxEscalations) {
			this.maxEscalations = maxEscalations;
		}

		public Long getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(Long maxTokens) {
			this.maxTokens = maxTokens;
		}

		public Map<String, TenantLimits> getTenants() {
			return this.tenants;
		}

		public void setTenants(Map<String, TenantLimits> tenants) {
			this.tenants = tenants;
		}

	}

	public static class TenantLimits {

		/**
		 * Escalations per period for this tenant.
		 */
		private Long maxEscalations;

		/**
		 * Tokens per period for this tenant.
		 */
		private Long maxTokens;

		public Long getMaxEscalations() {
			return this.maxEscalations;
		}

		public void setMaxEscalations(Long maxEscalations) {
			this.maxEscalations = maxEscalations;
		}

		public Long getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(Long maxTokens) {
			this.maxTokens = maxTokens;
		}

	}

}
