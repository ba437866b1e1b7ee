package dev.tessera.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

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

	/**
	 * The OpenAI-compatible server when the provider is "openai" (answers of at most 256 tokens at temperature 0.1 by
	 * default).
	 */
	@NestedConfigurationProperty
	private final OpenAiConnectionProperties openai = new OpenAiConnectionProperties(256, 0.1);

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

	public OpenAiConnectionProperties getOpenai() {
		return this.openai;
	}

	public enum Provider {

		NONE, LOCAL, OPENAI, CHAT_MODEL

	}

}
