package dev.tessera.autoconfigure;

import java.time.Duration;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.util.StringUtils;

/**
 * The chat model a provider setting names, built one way for generation and escalation alike: an OpenAI-compatible
 * server from {@link OpenAiConnectionProperties}, or the application's own {@link ChatModel} bean.
 */
final class ChatModels {

	private ChatModels() {
	}

	/** A chat model and the name the trail shows for it. */
	record Named(ChatModel model, String name) {
	}

	/**
	 * @param prefix the settings' prefix, e.g. {@code tessera.escalation}, for error messages
	 * @param timeout the client's timeout, or {@code null} for the client's own
	 */
	static Named openAi(String prefix, OpenAiConnectionProperties openai, Duration timeout) {
		if (!StringUtils.hasText(openai.getModel())) {
			throw new IllegalStateException(prefix + ".provider=openai needs " + prefix
					+ ".openai.model (the model name the server at " + openai.getBaseUrl() + " serves)");
		}
		OpenAiChatOptions.Builder options = OpenAiChatOptions.builder()
			.baseUrl(openai.getBaseUrl())
			.apiKey(openai.getApiKey())
			.model(openai.getModel())
			.maxTokens(openai.getMaxTokens())
			.temperature(openai.getTemperature())
			// the caller retries (or falls back) itself: the client must not retry underneath
			.maxRetries(0);
		if (timeout != null) {
			options.timeout(timeout);
		}
		return new Named(OpenAiChatModel.builder().options(options.build()).build(), openai.getModel());
	}

	/** The application's {@link ChatModel} bean named by {@code <prefix>.chat-model-bean}. */
	static Named bean(String prefix, String name, BeanFactory beans) {
		if (!StringUtils.hasText(name)) {
			throw new IllegalStateException(prefix + ".provider=chat-model needs " + prefix + ".chat-model-bean");
		}
		return new Named(beans.getBean(name, ChatModel.class), name);
	}

}
