package dev.tessera.autoconfigure;

/**
 * How to reach an OpenAI-compatible server (OpenAI, vLLM, Ollama, llama.cpp's server, …) and what to ask of it: the
 * one settings type of both {@code tessera.generation.openai.*} (a small model writing local answers) and
 * {@code tessera.escalation.openai.*} (the large model). Each owner gives its own defaults for the reply length and
 * temperature.
 */
public class OpenAiConnectionProperties {

	/**
	 * Base URL of the OpenAI-compatible API, e.g. "http://localhost:8000/v1" (vLLM) or "http://localhost:11434/v1"
	 * (Ollama).
	 */
	private String baseUrl = "https://api.openai.com/v1";

	/**
	 * API key; "none" for servers that do not check one (vLLM and Ollama accept any value).
	 */
	private String apiKey = "none";

	/**
	 * Model name the server serves; required when the provider is "openai".
	 */
	private String model;

	/**
	 * Most tokens in an answer.
	 */
	private int maxTokens;

	/**
	 * Sampling temperature; low keeps answers close to the sources.
	 */
	private double temperature;

	/** JavaBean binding (and complete configuration metadata) needs a constructor without arguments. */
	public OpenAiConnectionProperties() {
		this(256, 0.1);
	}

	/** Settings with the owner's own defaults for the reply length and temperature. */
	public OpenAiConnectionProperties(int maxTokens, double temperature) {
		this.maxTokens = maxTokens;
		this.temperature = temperature;
	}

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
