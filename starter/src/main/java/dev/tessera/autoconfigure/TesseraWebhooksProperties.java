package dev.tessera.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Webhooks, under {@code tessera.webhooks.*}: where events such as {@code handoff.queued} are delivered.
 */
@ConfigurationProperties(TesseraWebhooksProperties.CONFIG_PREFIX)
public class TesseraWebhooksProperties {

	public static final String CONFIG_PREFIX = "tessera.webhooks";

	/**
	 * Receivers of events; none by default.
	 */
	private List<Endpoint> endpoints = new ArrayList<>();

	/**
	 * Calls per delivery, the first included, before it is marked failed.
	 */
	private int maxAttempts = 8;

	/**
	 * Wait after the first failed call; it doubles after each further failure, up to an hour.
	 */
	private Duration initialBackoff = Duration.ofSeconds(5);

	/**
	 * How often due deliveries are looked for.
	 */
	private Duration pollInterval = Duration.ofSeconds(1);

	/**
	 * Longest wait for a receiver's answer.
	 */
	private Duration timeout = Duration.ofSeconds(10);

	public List<Endpoint> getEndpoints() {
		return this.endpoints;
	}

	public void setEndpoints(List<Endpoint> endpoints) {
		this.endpoints = endpoints;
	}

	public int getMaxAttempts() {
		return this.maxAttempts;
	}

	public void setMaxAttempts(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	public Duration getInitialBackoff() {
		return this.initialBackoff;
	}

	public void setInitialBackoff(Duration initialBackoff) {
		this.initialBackoff = initialBackoff;
	}

	public Duration getPollInterval() {
		return this.pollInterval;
	}

	public void setPollInterval(Duration pollInterval) {
		this.pollInterval = pollInterval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public static class Endpoint {

		/**
		 * A stable name for the receiver, kept with each delivery.
		 */
		private String name;

		/**
		 * Where events are POSTed.
		 */
		private URI url;

		/**
		 * Shared secret for the X-Tessera-Signature HMAC (at least 16 characters).
		 */
		private String secret;

		/**
		 * Event types to send (handoff.queued, handoff.resolved, ...); empty for all.
		 */
		private Set<String> events = new LinkedHashSet<>();

		public String getName() {
			return this.name;
		}

		public void setName(String name) {
			this.name = name;
		}

		public URI getUrl() {
			return this.url;
		}

		public void setUrl(URI url) {
			this.url = url;
		}

		public String getSecret() {
			return this.secret;
		}

		public void setSecret(String secret) {
			this.secret = secret;
		}

		public Set<String> getEvents() {
			return this.events;
		}

		public void setEvents(Set<String> events) {
			this.events = events;
		}

	}

}
