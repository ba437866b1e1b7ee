package dev.tessera.core.webhook;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * One event's delivery to one endpoint, as the delivery log keeps it.
 *
 * @param attempts calls made so far
 * @param nextAttemptAt when the next call is due; null once delivered or given up
 * @param lastStatus the HTTP status of the last call; null when it got no response
 * @param lastError why the last call failed; null after a success
 */
public record WebhookDelivery(String id, String eventId, String eventType, String tenantId, String endpoint,
		String url, String body, Status status, int attempts, @Nullable OffsetDateTime nextAttemptAt,
		@Nullable Integer lastStatus, @Nullable String lastError, OffsetDateTime createdAt,
		@Nullable OffsetDateTime deliveredAt) {

	public enum Status {

		/** Waiting for its first call or a retry. */
		PENDING,
		/** The endpoint answered 2xx. */
		DELIVERED,
		/** Every attempt failed, or the endpoint is no longer configured. */
		FAILED

	}

}
