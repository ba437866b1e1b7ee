package dev.tessera.inference.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.prompt.ChatOptions;
import org.springframework.ai.chat.prompt.Prompt;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

import dev.tessera.inference.decoder.GenerationRequest;
import dev.tessera.inference.decoder.GenerationResult;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.tokenizer.TextTokenizer;

/**
 * The in-JVM decoder as a Spring AI {@link ChatModel}: messages are rendered with the model's chat template, generated
 * on ONNX Runtime, and streamed token by token. A subscriber that cancels the stream stops generation. Options from
 * the prompt (temperature, top-k, top-p, max tokens, stop sequences) override the defaults. The last generation's
 * metadata carries {@value #CONFIDENCE}: how sure the model was of its text ({@link GenerationResult#confidence()}).
 */
public final class LocalChatModel implements ChatModel {

	/** The generation metadata key of the model's confidence in its text, a {@code Double} in (0, 1]. */
	public static final String CONFIDENCE = "confidence";

	private final String name;

	private final TextGenerator generator;

	private final TextTokenizer tokenizer;

	private final ChatTemplate template;

	private final Set<Long> stopTokens;

	private final Defaults defaults;

	private final ConcurrencyGate gate;

	public LocalChatModel(String name, TextGenerator generator, TextTokenizer tokenizer, ChatTemplate template,
			Set<Long> stopTokens, Defaults defaults, ConcurrencyGate gate) {
		this.name = name;
		this.generator = generator;
		this.tokenizer = tokenizer;
		this.template = template;
		this.stopTokens = Set.copyOf(stopTokens);
		this.defaults = defaults;
		this.gate = gate;
	}

	/**
	 * @param maxTokens tokens generated when the prompt does not say
	 * @param sampling sampling when the prompt does not say
	 */
	public record Defaults(int maxTokens, SamplingOptions sampling) {
	}

	@Override
	public ChatResponse call(Prompt prompt) {
		GenerationRequest request = request(prompt);
		GenerationResult result = this.gate.run(() -> this.generator.generate(request, (token, delta) -> true));
		return response(result.text(), result, true);
	}

	@Override
	public Flux<ChatResponse> stream(Prompt prompt) {
		GenerationRequest request = request(prompt);
		return Flux.<ChatResponse>create(sink -> {
			AtomicBoolean cancelled = new AtomicBoolean();
			sink.onDispose(() -> cancelled.set(true));
			try {
				GenerationResult result = this.gate.run(() -> this.generator.generate(request, (token, delta) -> {
					if (!delta.isEmpty()) {
						sink.next(response(delta, null, false));
					}
					return !cancelled.get();
				}));
				if (!cancelled.get()) {
					sink.next(response("", result, true));
					sink.complete();
				}
			}
			catch (RuntimeException ex) {
				sink.error(ex);
			}
		}, FluxSink.OverflowStrategy.BUFFER).subscribeOn(Schedulers.boundedElastic());
	}

	/** Generations holding a slot now; a cancelled stream keeps its slot until its current step ends. */
	public int generationsRunning() {
		return this.gate.running();
	}

	private GenerationRequest request(Prompt prompt) {
		List<Map<String, String>> messages = new ArrayList<>();
		for (Message message : prompt.getInstructions()) {
			messages.add(Map.of("role", message.getMessageType().getValue().toLowerCase(Locale.ROOT), "content",
					message.getText() == null ? "" : message.getText()));
		}
		String text = this.template.render(messages);
		long[] tokens = this.tokenizer.encode(text, !this.template.rendersSpecialTokens());
		ChatOptions options = prompt.getOptions();
		SamplingOptions d = this.defaults.sampling();
		double temperature = options != null && options.getTemperature() != null ? options.getTemperature()
				: d.temperature();
		int topK = options != null && options.getTopK() != null ? options.getTopK() : d.topK();
		double topP = options != null && options.getTopP() != null ? options.getTopP() : d.topP();
		int maxTokens = options != null && options.getMaxTokens() != null ? options.getMaxTokens()
				: this.defaults.maxTokens();
		List<String> stops = options != null && options.getStopSequences() != null ? options.getStopSequences()
				: List.of();
		return new GenerationRequest(tokens, maxTokens,
				new SamplingOptions(temperature, topK, topP, d.repetitionPenalty(), d.seed()), this.stopTokens, stops);
	}

	private ChatResponse response(String text, GenerationResult result, boolean last) {
		ChatGenerationMetadata metadata = ChatGenerationMetadata.NULL;
		if (last && result != null) {
			ChatGenerationMetadata.Builder builder = ChatGenerationMetadata.builder()
				.finishReason(result.finishReason().name());
			if (!Double.isNaN(result.confidence())) {
				builder.metadata(CONFIDENCE, result.confidence());
			}
			metadata = builder.build();
		}
		ChatResponseMetadata.Builder responseMetadata = ChatResponseMetadata.builder().model(this.name);
		if (result != null) {
			responseMetadata.usage(new DefaultUsage(result.promptTokens(), result.completionTokens()));
		}
		return new ChatResponse(List.of(new Generation(new AssistantMessage(text), metadata)),
				responseMetadata.build());
	}

}
