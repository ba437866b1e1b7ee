package dev.tessera.core.conversation;

import java.util.List;

/**
 * A conversation with its messages in order.
 */
public record ConversationHistory(Conversation conversation, List<ChatMessage> messages) {

	public ConversationHistory {
		messages = List.copyOf(messages);
	}

}
