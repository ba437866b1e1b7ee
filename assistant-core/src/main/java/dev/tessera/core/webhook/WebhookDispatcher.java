package dev.tessera.core.webhook;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Delivers queued events: POSTs each due delivery's JSON body, signed ({@link WebhookSignature}), and retries failures
 * with exponential back-off ({@code initialBackoff × 2^(attempt-1)}, at most an hour) until {@code maxAttempts}, then
 * marks it failed. A 2xx answer is a success; anything else, a timeout or a refused connection is a failure, logged
 * with the delivery. Several servers may run dispatchers on one database: each delivery is claimed with a
 * conditional update before it is sent.
 */
public final class WebhookDispatcher implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(WebhookDispatcher.class);


	static final Duration MAX_BACKOFF = Duration.ofHours(1);

	private static final int BATCH = 20;

	private final JdbcClient jdbc;

	private final Map<String, WebhookEndpoint> endpoints;

	private final int maxAttempts;

	private final Duration initialBackoff;

	private final Clock clock;

	private final HttpClient http;

	private final Duration timeout;

	private final Duration claim;

	private ScheduledExecutorService scheduler;

	public WebhookDispatcher(JdbcClient jdbc, List<WebhookEndpoint> endpoints, int maxAttempts,
			Duration initialBackoff, Duration timeout, Clock clock) {
		this.jdbc = jdbc;
		this.endpoints = endpoints.stream().collect(Collectors.toMap(WebhookEndpoint::name, Function.identity()));
		this.maxAttempts = maxAttempts;
		this.initialBackoff = initialBackoff;
		this.timeout = timeout;
		this.clock = clock;
		// a claimed delivery is hidden from other dispatchers while it is sent, which takes at most the timeout; if
		// its server dies meanwhile (kill -9), the delivery is due again this long after it was claimed
		this.claim = timeout.multipliedBy(2).plusSeconds(5);
		this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
	}

	/** Polls for due deliveries every {@code interval} on a daemon thread until {@link #close()}. */
	public synchronized void start(Duration interval) {
		if (this.scheduler != null) {
			return;
		}
		this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "tessera-webhooks");
			thread.setDaemon(true);
			return thread;
		});
		this.scheduler.scheduleWithFixedDelay(() -> {
			try {
				dispatchDue();
			}
			catch (RuntimeException ex) {
				logger.warn("Webhook dispatch failed; retrying at the next poll", ex);
			}
		}, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
	}

	/** Sends every delivery that is due now; returns how many were attempted. */
	public int dispatchDue() {
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		List<WebhookDelivery> due = this.jdbc
			.sql("SELECT " + JdbcWebhookOutbox.COLUMNS + " FROM tessera_webhook_delivery"
					+ " WHERE status = 'PENDING' AND next_attempt_at <= ? ORDER BY next_attempt_at")
			.param(now)
			.query(JdbcWebhookOutbox::map)
			.list()
			.stream()
			.limit(BATCH)
			.toList();
		int attempted = 0;
		for (WebhookDelivery delivery : due) {
			// claimed when its turn comes, not when the batch was read: earlier deliveries may have taken their timeout
			if (claim(delivery, OffsetDateTime.now(this.clock))) {
				attempt(delivery);
				attempted++;
			}
		}
		return attempted;
	}

	private boolean claim(WebhookDelivery delivery, OffsetDateTime now) {
		return this.jdbc.sql("""
				UPDATE tessera_webhook_delivery SET next_attempt_at = ?
				WHERE id = ? AND status = 'PENDING' AND next_attempt_at = ?""")
			.params(now.plus(this.claim), delivery.id(), delivery.nextAttemptAt())
			.update() == 1;
	}

	private void attempt(WebhookDelivery delivery) {
		WebhookEndpoint endpoint = this.endpoints.get(delivery.endpoint());
		int attempt = delivery.attempts() + 1;
		if (endpoint == null) {
			finish(delivery, attempt, WebhookDelivery.Status.FAILED, null,
					"the endpoint '" + delivery.endpoint() + "' is no longer configured", null);
			return;
		}
		long timestamp = OffsetDateTime.now(this.clock).toEpochSecond();
		HttpRequest request = HttpRequest.newBuilder(endpoint.url())
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "Tessera-Webhooks")
			.header("X-Tessera-Event", delivery.eventType())
			.header("X-Tessera-Delivery", delivery.id())
			.header(WebhookSignature.HEADER, WebhookSignature.header(endpoint.secret(), timestamp, delivery.body()))
			.POST(HttpRequest.BodyPublishers.ofString(delivery.body()))
			.build();
		Integer status = null;
		String error;
		try {
			HttpResponse<Void> response = this.http.send(request, HttpResponse.BodyHandlers.discarding());
			status = response.statusCode();
			if (status / 100 == 2) {
				finish(delivery, attempt, WebhookDelivery.Status.DELIVERED, status, null, null);
				return;
			}
			error = "HTTP " + status;
		}
		catch (IOException ex) {
			error = ex.getClass().getSimpleName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			error = "interrupted";
		}
		if (attempt >= this.maxAttempts) {
			finish(delivery, attempt, WebhookDelivery.Status.FAILED, status, error + " (gave up after " + attempt
					+ " attempts)", null);
		}
		else {
			finish(delivery, attempt, WebhookDelivery.Status.PENDING, status, error,
					OffsetDateTime.now(this.clock).plus(backoff(attempt)));
		}
	}

	/** The wait after the given failed attempt: doubling from the initial back-off, at most an hour. */
	Duration backoff(int attempt) {
		Duration wait = this.initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 30));
		return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
	}

	private void finish(WebhookDelivery delivery, int attempts, WebhookDelivery.Status status, Integer httpStatus,
			String error, OffsetDateTime next) {
		this.jdbc.sql("""
				UPDATE tessera_webhook_delivery SET status = ?, attempts = ?, last_status = ?, last_error = ?,
				  next_attempt_at = ?, delivered_at = ?
				WHERE id = ?""")
			.params(status.name(), attempts, httpStatus, error, next,
					status == WebhookDelivery.Status.DELIVERED ? OffsetDateTime.now(this.clock) : null, delivery.id())
			.update();
	}

	@Override
	public synchronized void close() {
		if (this.scheduler != null) {
			this.scheduler.shutdownNow();
			this.scheduler = null;
		}
	}

}
