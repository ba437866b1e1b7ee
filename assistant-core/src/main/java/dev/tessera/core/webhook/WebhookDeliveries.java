package dev.tessera.core.webhook;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The delivery log: what was sent where, how often, and how it went.
 */
public interface WebhookDeliveries {

	/** A tenant's deliveries, newest first, optionally in one status. */
	List<WebhookDelivery> list(String tenantId, WebhookDelivery.@Nullable Status status, int limit);

	Optional<WebhookDelivery> find(String tenantId, String id);

	/** Puts a failed delivery back in the queue for an immediate attempt; false when it is not failed. */
	boolean retry(String tenantId, String id);

}
