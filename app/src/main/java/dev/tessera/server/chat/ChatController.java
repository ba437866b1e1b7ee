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
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.TurnStream;
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
		return TurnResponse.of(this.conversations.send(usable(conversationId), body.message(), null));
	}

	/**
	 * The same turn streamed as server-sent events: {@code turn} (the route) once it is chosen, then one {@code delta}
	 * per sentence as the reply is written, each released only after the output rails have checked it; a
	 * {@code retract} event withdraws every delta before it (an output rail stopped the reply, or it was replaced) and
	 * the deltas after it are the reply that stands; {@code done} carries the full response, whose text is what the
	 * deltas add up to. Errors found before streaming starts are ordinary problem responses; a failure after it is an
	 * {@code error} event.
	 */
	@PostMapping(path = "/conversations/{conversationId}/messages", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.TEXT_EVENT_STREAM_VALUE)
	SseEmitter stream(@PathVariable String conversationId, @RequestBody SendMessage body) {
		this.conversations.validate(body.message());
		Conversation conversation = usable(conversationId); // unknown conversation -> 404 before streaming
		this.conversations.assistant(conversation.assistantId()); // a disabled assistant: 409 before streaming
		SseEmitter emitter = new SseEmitter(120_000L);
		this.executor.execute(() -> {
			try {
				SseTurnStream events = new SseTurnStream(emitter);
				TurnResult result = this.conversations.send(conversation, body.message(), events);
				if (events.clientGone) {
					emitter.complete(); // the turn is recorded; nobody is listening for the rest
					return;
				}
				emitter.send(SseEmitter.event().name("done").data(TurnResponse.of(result), MediaType.APPLICATION_JSON));
				emitter.complete();
			}
			catch (IOException ex) {
				// the client went away; the turn itself is recorded
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
	 * The turn's events as server-sent events. A client that goes away mid-reply does not stop the turn: it is
	 * finished and recorded, and the rest is not sent.
	 */
	private static final class SseTurnStream implements TurnStream {

		private final SseEmitter emitter;

		private boolean clientGone;

		SseTurnStream(SseEmitter emitter) {
			this.emitter = emitter;
		}

		@Override
		public void routed(Route route) {
			send("turn", Map.of("route", route.name()));
		}

		@Override
		public void release(String text) {
			send("delta", Map.of("text", text));
		}

		@Override
		public void retract(String reason) {
			send("retract", Map.of("reason", reason));
		}

		private void send(String event, Map<String, String> data) {
			if (this.clientGone) {
				return;
			}
			try {
				this.emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
			}
			catch (IOException | IllegalStateException ex) {
				this.clientGone = true;
			}
		}

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
