package dev.tessera.core.conversation;

import java.util.List;
import java.util.Optional;

/**
 * Stores conversations and their messages.
 */
public interface ConversationRepository {

	void save(Conversation conversation);

	Optional<Conversation> findById(String id);

	/** Messages in order. */
	List<ChatMessage> findMessages(String conversationId);

	/**
	 * The conversation's last {@code limit} messages, in order: what a reader of the recent thread needs, at a cost
	 * that does not grow with the conversation.
	 */
	List<ChatMessage> findRecentMessages(String conversationId, int limit);

	/**
	 * The next free message position. Call it inside the transaction that appends the messages: it holds the
	 * conversation until that transaction ends, so concurrent appends to one conversation take turns.
	 */
	int nextSeq(String conversationId);

	void appendMessages(List<ChatMessage> messages);

}
