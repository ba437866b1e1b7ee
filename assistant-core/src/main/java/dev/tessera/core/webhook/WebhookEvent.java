package dev.tessera.core.webhook;

import java.util.Map;
import java.util.Objects;

/**
 * Something that happened that other systems may want to act on.
 *
 * @param type e.g. {@code handoff.queued}, {@code contract-review.analysed}
 * @param data the event's fields; already redacted (no personal data beyond what the queue holds)
 */
public record WebhookEvent(String type, String tenantId, Map<String, Object> data) {

	public static final String HANDOFF_QUEUED = "handoff.queued";

	public static final String HANDOFF_RESOLVED = "handoff.resolved";

	public WebhookEvent {
		Objects.requireNonNull(type, "type cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		data = Map.copyOf(data);
	}

}
