package dev.tessera.server.openai;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.Conversation;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.TurnStream;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.ForbiddenException;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.server.problem.Problems;
import tools.jackson.databind.JsonNode;

/**
 * OpenAI-compatible chat completions, so any OpenAI client can talk to an assistant: {@code model} is the assistant
 * id. Each request answers its last user message as one turn of a Tessera conversation; pass the
 * {@code X-Tessera-Conversation} header returned by an earlier call to continue that conversation, otherwise a new
 * one is started. Tessera's decision trail comes back in the extra {@code tessera} member.
 */
@RestController
class ChatCompletionsController {

	static final String CONVERSATION_HEADER = "X-Tessera-Conversation";

	private static final Log logger = LogFactory.getLog(ChatCompletionsController.class);

	private final AssistantCatalog assistants;

	private final ConversationService conversations;

	private final AsyncTaskExecutor executor;

	private final CallerTenant caller;

	ChatCompletionsController(AssistantCatalog assistants, ConversationService conversations,
			AsyncTaskExecutor executor, CallerTenant caller) {
		this.assistants = assistants;
		this.conversations = conversations;
		this.executor = executor;
		this.caller = caller;
	}

	@GetMapping("/v1/models")
	Map<String, Object> models() {
		List<Map<String, Object>> data = new ArrayList<>();
		for (AssistantDefinition assistant : this.assistants.all()) {
			if (!this.caller.mayUse(assistant.id())) {
				continue;
			}
			data.add(Map.of("id", assistant.id(), "object", "model", "created", 0, "owned_by", "tessera"));
		}
		return Map.of("object", "list", "data", data);
	}

	@PostMapping(path = "/v1/chat/completions", consumes = MediaType.APPLICATION_JSON_VALUE)
	Object complete(@RequestBody CompletionRequest request,
			@RequestHeader(name = CONVERSATION_HEADER, required = false) String conversationId) {
		String message = lastUserMessage(request);
		this.conversations.validate(message);
		String assistant = this.conversations.assistant(request.model()).id();
		if (!this.caller.mayUse(assistant)) {
			throw new ForbiddenException("This API key may not use the assistant '" + assistant + "'.");
		}
		String tenant = this.caller.tenant();
		Conversation conversation;
		if (conversationId != null) {
			conversation = this.conversations.conversation(tenant, conversationId);
			if (!conversation.assistantId().equals(assistant)) {
				throw new BadRequestException("Conversation " + conversationId + " belongs to assistant '"
						+ conversation.assistantId() + "', not '" + assistant + "'.");
			}
		}
		else {
			conversation = this.conversations.start(tenant, assistant);
		}
		String id = conversation.id();
		if (Boolean.TRUE.equals(request.stream())) {
			return ResponseEntity.ok().header(CONVERSATION_HEADER, id).body(stream(conversation, message));
		}
		TurnResult result = this.conversations.send(conversation, message, null);
		Completion completion = new Completion("chatcmpl-" + result.turnId(), "chat.completion",
				Instant.now().getEpochSecond(), result.assistantId(),
				List.of(new Choice(0, new Message("assistant", result.text()), null, "stop")), Tessera.of(result));
		return ResponseEntity.ok().header(CONVERSATION_HEADER, id).body(completion);
	}

	/**
	 * The turn streamed as completion chunks, on the same path as the chat API's server-sent events: a first chunk
	 * with the role once the route is decided, then one chunk per sentence as the reply is written, each released
	 * only after the output rails have checked it, then a chunk with {@code finish_reason} and the {@code tessera}
	 * extension (route, reason, rails), then {@code [DONE]}. When the rails withdraw what was sent (or the reply is
	 * replaced), a chunk with an empty delta carries {@code tessera.retract}: a client that knows it clears the text
	 * shown so far; the chunks after it are the reply that stands.
	 */
	private SseEmitter stream(Conversation conversation, String message) {
		SseEmitter emitter = new SseEmitter(120_000L);
		this.executor.execute(() -> {
			CompletionChunks chunks = new CompletionChunks(emitter, "chatcmpl-" + UUID.randomUUID(),
					Instant.now().getEpochSecond(), conversation.assistantId());
			try {
				TurnResult result = this.conversations.send(conversation, message, chunks);
				chunks.finish(result);
				emitter.complete();
			}
			catch (IOException ex) {
				// the client went away; the turn itself is recorded
				emitter.completeWithError(ex);
			}
			catch (RuntimeException ex) {
				logger.error("Streaming completion failed for conversation " + conversation.id(), ex);
				try {
					emitter.send(Map.of("error", Problems.forException(ex)));
					emitter.complete();
				}
				catch (IOException sendFailed) {
					emitter.completeWithError(sendFailed);
				}
			}
		});
		return emitter;
	}

	/**
	 * The turn's events as completion chunks. A client that goes away mid-reply does not stop the turn: it is
	 * finished and recorded, and the rest is not sent.
	 */
	private static final class CompletionChunks implements TurnStream {

		private final SseEmitter emitter;

		private final String id;

		private final long created;

		private final String model;

		private boolean clientGone;

		CompletionChunks(SseEmitter emitter, String id, long created, String model) {
			this.emitter = emitter;
			this.id = id;
			this.created = created;
			this.model = model;
		}

		@Override
		public void routed(Route route) {
			send(chunk(this.id, this.created, this.model, new Message("assistant", ""), null, null));
		}

		@Override
		public void release(String text) {
			send(chunk(this.id, this.created, this.model, new Message(null, text), null, null));
		}

		@Override
		public void retract(String reason) {
			send(chunk(this.id, this.created, this.model, new Message(null, null), null, Map.of("retract", reason)));
		}

		void finish(TurnResult result) throws IOException {
			if (this.clientGone) {
				return;
			}
			this.emitter.send(chunk(this.id, this.created, this.model, new Message(null, null), "stop",
					Tessera.of(result)));
			this.emitter.send("[DONE]");
		}

		private void send(Completion chunk) {
			if (this.clientGone) {
				return;
			}
			try {
				this.emitter.send(chunk);
			}
			catch (IOException | IllegalStateException ex) {
				this.clientGone = true;
			}
		}

	}

	private static Completion chunk(String id, long created, String model, Message delta, String finishReason,
			Object tessera) {
		return new Completion(id, "chat.completion.chunk", created, model,
				List.of(new Choice(0, null, delta, finishReason)), tessera);
	}

	private static String lastUserMessage(CompletionRequest request) {
		if (request.model() == null || request.model().isBlank()) {
			throw new BadRequestException("'model' is required: use an assistant id from GET /v1/models.");
		}
		if (request.messages() == null || request.messages().isEmpty()) {
			throw new BadRequestException("'messages' must hold at least one message.");
		}
		for (int i = request.messages().size() - 1; i >= 0; i--) {
			RequestMessage m = request.messages().get(i);
			if ("user".equals(m.role())) {
				return text(m.content());
			}
		}
		throw new BadRequestException("'messages' holds no message with role 'user'.");
	}

	/** Content is a string, or an array of parts of which the text parts count. */
	private static String text(JsonNode content) {
		if (content == null || content.isNull()) {
			return "";
		}
		if (content.isString()) {
			return content.asString();
		}
		if (content.isArray()) {
			StringBuilder text = new StringBuilder();
			for (JsonNode part : content) {
				if ("text".equals(part.path("type").asString("")) && part.path("text").isString()) {
					text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asString());
				}
			}
			return text.toString();
		}
		throw new BadRequestException("message 'content' must be a string or an array of text parts.");
	}

	record CompletionRequest(String model, List<RequestMessage> messages, Boolean stream) {
	}

	record RequestMessage(String role, JsonNode content) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Completion(String id, String object, long created, String model, List<Choice> choices, Object tessera) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Choice(int index, Message message, Message delta, @JsonProperty("finish_reason") String finishReason) {
	}

	@JsonInclude(JsonInclude.Include.NON_NULL)
	record Message(String role, String content) {
	}

	/** Tessera's account of the turn, beside the OpenAI fields. */
	record Tessera(String conversationId, String turnId, String route, String routeReason, String model,
			List<?> citations, List<?> rails, long latencyMs) {

		static Tessera of(TurnResult r) {
			return new Tessera(r.conversationId(), r.turnId(), r.route().name(), r.routeReason(), r.model(),
					r.citations(), r.rails(), r.latencyMs());
		}

	}

}
