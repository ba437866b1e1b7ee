package dev.tessera.server.chat;

import java.io.IOException;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.Conversation;
import dev.tessera.core.conversation.ConversationHistory;
import dev.tessera.core.conversation.ConversationService;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.conversation.UnknownConversationException;
import dev.tessera.server.problem.ForbiddenException;
import dev.tessera.server.problem.Problems;
import dev.tessera.server.security.CallerTenant;

/**
 * Chat API v1: list assistants, start a conversation, send a message (JSON or SSE), read the history.
 */
@RestController
@RequestMapping("/api/v1")
class ChatController {

	private static final Log logger = LogFactory.getLog(ChatController.class);

	private final AssistantCatalog assistants;

	private final ConversationService conversations;

	private final AsyncTaskExecutor executor;

	private final CallerTenant caller;

	ChatController(AssistantCatalog assistants, ConversationService conversations, AsyncTaskExecutor executor,
			CallerTenant caller) {
		this.assistants = assistants;
		this.conversations = conversations;
		this.executor = executor;
		this.caller = caller;
	}

	@GetMapping("/assistants")
	List<AssistantSummary> assistants() {
		return this.assistants.all()
			.stream()
			.filter(a -> this.caller.mayUse(a.id()))
			.map(a -> new AssistantSummary(a.id(), a.name(), a.description(), a.knowledge().size()))
			.toList();
	}

	@PostMapping("/assistants/{assistantId}/conversations")
	ResponseEntity<ConversationView> start(@PathVariable String assistantId) {
		if (!this.caller.mayUse(assistantId)) {
			throw new ForbiddenException("This API key may not use the assistant '" + assistantId + "'.");
		}
		Conversation conversation = this.conversations.start(this.caller.tenant(), assistantId);
		return ResponseEntity.created(URI.create("/api/v1/conversations/" + conversation.id()))
			.body(new ConversationView(conversation.id(), conversation.assistantId(), conversation.createdAt(),
					List.of()));
	}

	@GetMapping("/conversations/{conversationId}")
	ConversationView history(@PathVariable String conversationId) {
		ConversationHistory history = this.conversations.history(usable(conversationId).tenantId(), conversationId);
		Conversation c = history.conversation();
		return new ConversationView(c.id(), c.assistantId(), c.createdAt(),
				history.messages().stream().map(MessageView::of).toList());
	}

	@PostMapping(path = "/conversations/{conversationId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	TurnResponse send(@PathVariable String conversationId, @RequestBody SendMessage body) {
		return TurnResponse.of(this.conversations.send(usable(conversationId).tenantId(), conversationId,
				body.message()));
	}

	/**
	 * The same turn streamed as server-sent events: {@code turn} (route and model), then one {@code delta} per
	 * sentence, then {@code done} with the full response. Errors found before streaming starts are ordinary problem
	 * responses; a failure after it is an {@code error} event.
	 */
	@PostMapping(path = "/conversations/{conversationId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable String conversationId, @RequestBody SendMessage body) {
		this.conversations.validate(body.message());
		Conversation conversation = usable(conversationId); // unknown conversation -> 404 before streaming
		this.conversations.assistant(conversation.assistantId()); // a disabled assistant: 409 before streaming
		String tenant = conversation.tenantId();
		SseEmitter emitter = new SseEmitter(120_000L);
		this.executor.execute(() -> {
			try {
				TurnResult result = this.conversations.send(tenant, conversationId, body.message());
				emitter.send(SseEmitter.event()
					.name("turn")
					.data(Map.of("turnId", result.turnId(), "route", result.route().name(), "model", result.model()),
							MediaType.APPLICATION_JSON));
				for (String sentence : SentenceChunks.of(result.text())) {
					emitter.send(SseEmitter.event().name("delta").data(Map.of("text", sentence),
							MediaType.APPLICATION_JSON));
				}
				emitter.send(SseEmitter.event().name("done").data(TurnResponse.of(result), MediaType.APPLICATION_JSON));
				emitter.complete();
			}
			catch (IOException ex) {
				// the client went away; the turn itself is already recorded
				emitter.completeWithError(ex);
			}
			catch (RuntimeException ex) {
				logger.error("Streaming turn failed for conversation " + conversationId, ex);
				try {
					emitter.send(SseEmitter.event().name("error").data(Problems.forException(ex),
							MediaType.APPLICATION_PROBLEM_JSON));
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
	 * The caller's conversation: another tenant's, or one with an assistant the caller's key may not use, is
	 * reported as unknown, so its existence is not revealed.
	 */
	private Conversation usable(String conversationId) {
		Conversation conversation = this.conversations.conversation(this.caller.tenant(), conversationId);
		if (!this.caller.mayUse(conversation.assistantId())) {
			throw new UnknownConversationException(conversationId);
		}
		return conversation;
	}

	record SendMessage(@NotNull String message) {
	}

	record AssistantSummary(String id, String name, String description, int knowledgeDocuments) {
	}

	record ConversationView(String id, String assistant, OffsetDateTime createdAt, List<MessageView> messages) {
	}

	record MessageView(int seq, String role, String content, String turnId, OffsetDateTime createdAt) {

		static MessageView of(ChatMessage m) {
			return new MessageView(m.seq(), m.role().name().toLowerCase(java.util.Locale.ROOT), m.content(),
					m.turnId(), m.createdAt());
		}

	}

}
