package dev.tessera.core.conversation;

import java.time.OffsetDateTime;

/**
 * One message of a conversation, as stored: user text is stored after input redaction.
 *
 * @param conversationId the conversation
 * @param seq position in the conversation, from 1
 * @param turnId the turn that wrote it
 * @param role who wrote it
 * @param content the text
 * @param createdAt when it was written
 */
public record ChatMessage(String conversationId, int seq, String turnId, Role role, String content,
		OffsetDateTime createdAt) {

	public enum Role {

		USER, ASSISTANT,
		/** A person who took the conversation over from the assistant (see the hand-off queue). */
		AGENT

	}

}
