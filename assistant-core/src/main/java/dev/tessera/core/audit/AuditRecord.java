package dev.tessera.core.audit;

import java.time.OffsetDateTime;

/**
 * The audit record of one turn. Texts are stored as they left the rails (redacted); rails, citations and the
 * decision trail are JSON documents.
 *
 * @param id database id, 0 before it is stored
 */
public record AuditRecord(long id, String turnId, String tenantId, String assistantId, String conversationId,
		String route, String routeReason, String model, String inputText, String replyText, String railsJson,
		String citationsJson, String trailJson, long latencyMs, OffsetDateTime createdAt) {
}
