package dev.tessera.core.turn;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.Conversation;
import dev.tessera.core.conversation.ConversationRepository;
import dev.tessera.core.conversation.ConversationHistory;
import dev.tessera.core.conversation.InvalidMessageException;
import dev.tessera.core.text.StorableText;
import dev.tessera.core.conversation.UnknownConversationException;

/**
 * Starts conversations, answers their messages through the {@link TurnPipeline} and reads their history. A
 * conversation is only visible to its own tenant: another tenant gets "unknown conversation".
 */
public final class ConversationService {

	private final AssistantCatalog assistants;

	private final ConversationRepository conversations;

	private final TurnPipeline pipeline;

	private final int maxMessageChars;

	public ConversationService(AssistantCatalog assistants, ConversationRepository conversations,
			TurnPipeline pipeline, int maxMessageChars) {
		this.assistants = assistants;
		this.conversations = conversations;
		this.pipeline = pipeline;
		this.maxMessageChars = maxMessageChars;
	}

	public Conversation start(String tenantId, String assistantId) {
		AssistantDefinition assistant = assistant(assistantId);
		Conversation conversation = new Conversation(UUID.randomUUID().toString(), tenantId, assistant.id(),
				OffsetDateTime.now(ZoneOffset.UTC));
		this.conversations.save(conversation);
		return conversation;
	}

	/** Answers a message of the tenant's conversation (looked up here: unknown to another tenant). */
	public TurnResult send(String tenantId, String conversationId, String message) {
		return send(find(tenantId, conversationId), message, null);
	}

	/**
	 * Answers a message of a conversation the caller has already looked up ({@link #conversation}), so the turn does
	 * not look it up again; with a {@code stream}, the reply is released to it sentence by sentence, each checked by
	 * the rails ({@code null} for a reply checked whole).
	 */
	public TurnResult send(Conversation conversation, String message, TurnStream stream) {
		validate(message);
		return this.pipeline.run(
				new TurnRequest(conversation.tenantId(), conversation.id(), conversation.assistantId(), message),
				stream);
	}

	public ConversationHistory history(String tenantId, String conversationId) {
		Conversation conversation = find(tenantId, conversationId);
		return new ConversationHistory(conversation, this.conversations.findMessages(conversation.id()));
	}

	/**
	 * The assistant with this id, or {@link dev.tessera.core.assistant.UnknownAssistantException} naming the ones
	 * that exist, or {@link dev.tessera.core.assistant.AssistantDisabledException} when an operator has disabled it.
	 */
	public AssistantDefinition assistant(String assistantId) {
		return this.assistants.require(assistantId);
	}

	/** Checks a message before any work is done: not blank, not over the limit, storable. */
	public void validate(String message) {
		if (message == null || message.isBlank()) {
			throw InvalidMessageException.empty();
		}
		StorableText.problem(message).ifPresent(problem -> {
			throw InvalidMessageException.unstorable(problem);
		});
		int length = message.codePointCount(0, message.length());
		if (length > this.maxMessageChars) {
			throw InvalidMessageException.tooLong(length, this.maxMessageChars);
		}
	}

	/** The conversation, without its messages, or {@link UnknownConversationException}. */
	public Conversation conversation(String tenantId, String conversationId) {
		return find(tenantId, conversationId);
	}

	private Conversation find(String tenantId, String conversationId) {
		return this.conversations.findById(conversationId)
			.filter(conversation -> conversation.tenantId().equals(tenantId))
			.orElseThrow(() -> new UnknownConversationException(conversationId));
	}

}
