package dev.tessera.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Generated local answers, under {@code tessera.generation.*}. Without a provider local answers are grounded
 * templates: the best passage quoted, or a tool's result in the pack's words.
 */
@ConfigurationProperties(TesseraGenerationProperties.CONFIG_PREFIX)
public class TesseraGenerationProperties {

	public static final String CONFIG_PREFIX = "tessera.generation";

	/**
	 * What writes local answers from the retrieved passages and tool results: "none" (grounded templates), "local"
	 * (the local decoder of tessera.inference.decoder.model-dir), "openai" (an OpenAI-compatible server serving a
	 * small model, see tessera.generation.openai.*) or "chat-model" (the application's ChatModel bean named by
	 * tessera.generation.chat-model-bean).
	 */
	private Provider provider = Provider.NONE;

	/**
	 * Name of the Spring AI ChatModel bean when the provider is "chat-model".
	 */
	private String chatModelBean;

	private final OpenAi openai = new OpenAi();

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

	public OpenAi getOpenai() {
		return this.openai;
	}

	public enum Provider {

		NONE, LOCAL, OPENAI, CHAT_MODEL

	}

	public static class OpenAi {

		/**
		 * Base URL of the OpenAI-compatible API, e.g. http://localhost:8000/v1 for vLLM.
		 */
		private String baseUrl = "https://api.openai.com/v1";

		/**
		 * API key; "none" for servers that do not check one.
		 */
		private String apiKey = "none";

		/**
		 * Model name the server serves; required when the provider is "openai".
		 */
		private String model;

		/**
		 * Most tokens in a generated answer.
		 */
		private int maxTokens = 256;

		/**
		 * Sampling temperature; low keeps answers close to the sources.
		 */
		private double temperature = 0.1;

		public String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(String apiKey) {
			this.apiKey = apiKey;
		}

		public String getModel() {
			return this.model;
		}

		public void setModel(String model) {
			this.model = model;
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

	}

}
