package dev.tessera.core.handoff;

import java.util.List;
import java.util.Optional;

/**
 * Turns waiting for a person: the assistant queues them, people claim, reply (the reply lands in the conversation)
 * and resolve them. Every method is tenant-scoped; an item of another tenant is unknown.
 */
public interface HandoffQueue {

	/**
	 * Queues a hand-off, or refreshes the conversation's unresolved one (one per conversation: a person who took the
	 * conversation keeps it).
	 *
	 * @return the queued or refreshed item
	 */
	HandoffItem enqueue(NewHandoff handoff);

	Optional<HandoffItem> find(String tenantId, String id);

	/** Items in a state (all states when empty), oldest first, at most {@code limit}. */
	List<HandoffItem> list(String tenantId, Optional<HandoffState> state, int limit);

	/** {@code OPEN -> CLAIMED} by the given person. */
	HandoffItem claim(String tenantId, String id, String agent);

	/** Sends the claimer's reply into the conversation; the item stays claimed. */
	HandoffItem reply(String tenantId, String id, String agent, String text);

	/** {@code CLAIMED -> RESOLVED} by the claimer, with a closing note (may be empty). */
	HandoffItem resolve(String tenantId, String id, String agent, String note);

	/**
	 * @param tenantId the conversation's tenant
	 * @param conversationId the conversation
	 * @param assistantId the assistant
	 * @param turnId the turn that handed off
	 * @param reason why
	 * @param context the recent conversation, already redacted
	 */
	record NewHandoff(String tenantId, String conversationId, String assistantId, String turnId, String reason,
			String context) {
	}

}
