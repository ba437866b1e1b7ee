package dev.tessera.core.webhook;

/**
 * Takes events for delivery. Joins the caller's transaction: an event is queued exactly when the change it reports is
 * committed (the outbox pattern), and delivered afterwards, with retries, by {@link WebhookDispatcher}.
 */
public interface WebhookOutbox {

	void publish(WebhookEvent event);

	/** An outbox for applications without webhooks. */
	static WebhookOutbox none() {
		return event -> {
		};
	}

}
