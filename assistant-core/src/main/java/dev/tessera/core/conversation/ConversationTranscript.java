package dev.tessera.core.conversation;

import java.util.List;

/**
 * The messages a conversation holds so far, for stages that read more than the current message.
 */
@FunctionalInterface
public interface ConversationTranscript {

	/**
	 * The conversation's messages in order, as stored (user text redacted), or its most recent ones where the
	 * transcript reads a window (the server's {@code tessera.chat.history-messages}); empty for an unknown
	 * conversation.
	 */
	List<ChatMessage> messages(String conversationId);

	/** No memory: every message is read on its own (no conversation store configured). */
	static ConversationTranscript none() {
		return conversationId -> List.of();
	}

}
