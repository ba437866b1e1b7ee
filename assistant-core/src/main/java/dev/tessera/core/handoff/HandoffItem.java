package dev.tessera.core.handoff;

import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * A turn waiting for, or taken by, a person.
 *
 * @param id the item's id
 * @param tenantId the conversation's tenant
 * @param conversationId the conversation to continue
 * @param assistantId the assistant that handed it off
 * @param turnId the turn that handed it off (its audit record has the whole trail)
 * @param reason why the assistant did not answer alone
 * @param context the recent conversation, with personal data redacted
 * @param state where it stands
 * @param assignee who claimed it, or empty
 * @param resolution the resolver's closing note, or empty
 * @param createdAt when it was queued
 * @param updatedAt when it last changed
 */
public record HandoffItem(String id, String tenantId, String conversationId, String assistantId, String turnId,
		String reason, String context, HandoffState state, String assignee, String resolution,
		OffsetDateTime createdAt, OffsetDateTime updatedAt) {

	public HandoffItem {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(conversationId, "conversationId cannot be null");
		Objects.requireNonNull(assistantId, "assistantId cannot be null");
		Objects.requireNonNull(turnId, "turnId cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		Objects.requireNonNull(context, "context cannot be null");
		Objects.requireNonNull(state, "state cannot be null");
		assignee = assignee == null ? "" : assignee;
		resolution = resolution == null ? "" : resolution;
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
		Objects.requireNonNull(updatedAt, "updatedAt cannot be null");
	}

}
