package dev.tessera.core.conversation;

import java.time.OffsetDateTime;

/**
 * A conversation between a user and one assistant, owned by a tenant.
 */
public record Conversation(String id, String tenantId, String assistantId, OffsetDateTime createdAt) {
}
