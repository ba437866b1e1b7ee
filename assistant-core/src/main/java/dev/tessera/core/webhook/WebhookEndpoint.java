package dev.tessera.core.webhook;

import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * A receiver of events, e.g. a help desk's or a workflow tool's inbound URL.
 *
 * @param name a stable name, kept with each delivery
 * @param secret the shared key the signature is computed with; never sent
 * @param events the event types it receives; empty for all
 */
public record WebhookEndpoint(String name, URI url, String secret, Set<String> events) {

	public WebhookEndpoint {
		Objects.requireNonNull(name, "name cannot be null");
		Objects.requireNonNull(url, "url cannot be null");
		if (!"https".equals(url.getScheme()) && !"http".equals(url.getScheme())) {
			throw new IllegalArgumentException("webhook '" + name + "': url must be http or https, got " + url);
		}
		if (secret == null || secret.length() < 16) {
			throw new IllegalArgumentException("webhook '" + name + "': secret needs at least 16 characters");
		}
		events = Set.copyOf(events);
	}

	public boolean receives(String eventType) {
		return this.events.isEmpty() || this.events.contains(eventType);
	}

}
