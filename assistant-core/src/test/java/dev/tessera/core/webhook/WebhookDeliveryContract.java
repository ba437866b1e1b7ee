package dev.tessera.core.webhook;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.MovableClock;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhook outbox and dispatcher on a real database, delivering to a real HTTP server standing in for a help desk.
 * Implemented once per database.
 */
public abstract class WebhookDeliveryContract {

	private static final String SECRET = "a-shared-secret-of-some-length";

	protected abstract DataSource dataSource();

	private final WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort());

	private final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));

	private JdbcClient jdbc;

	private JdbcWebhookOutbox outbox;

	private WebhookDispatcher dispatcher;

	private String tenant;

	@BeforeEach
	void start() {
		this.receiver.start();
		new TesseraSchema(dataSource()).migrate();
		this.jdbc = JdbcClient.create(dataSource());
		this.tenant = "t-" + java.util.UUID.randomUUID();
		List<WebhookEndpoint> endpoints = List.of(
				new WebhookEndpoint("helpdesk", URI.create(this.receiver.baseUrl() + "/hooks/helpdesk"), SECRET,
						Set.of(WebhookEvent.HANDOFF_QUEUED)),
				new WebhookEndpoint("everything", URI.create(this.receiver.baseUrl() + "/hooks/all"), SECRET, Set.of()));
		this.outbox = new JdbcWebhookOutbox(this.jdbc, endpoints, this.clock);
		this.dispatcher = new WebhookDispatcher(this.jdbc, endpoints, 3, Duration.ofSeconds(10), Duration.ofSeconds(5),
				this.clock);
	}

	@AfterEach
	void stop() {
		this.receiver.stop();
		if (this.dispatcher != null) { // null when the database was absent and the test was skipped
			this.dispatcher.close();
		}
	}

	private List<WebhookDelivery> deliveries() {
		return this.outbox.list(this.tenant, null, 100);
	}

	@Test
	void an_event_is_signed_and_delivered_to_every_endpoint_that_takes_it() {
		this.receiver.stubFor(post(urlEqualTo("/hooks/helpdesk")).willReturn(aResponse().withStatus(202)));
		this.receiver.stubFor(post(urlEqualTo("/hooks/all")).willReturn(aResponse().withStatus(200)));
		this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_QUEUED, this.tenant, Map.of("handoffId", "h-1")));
		this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_RESOLVED, this.tenant, Map.of("handoffId", "h-1")));
		assertThat(deliveries()).hasSize(3);

		assertThat(this.dispatcher.dispatchDue()).isEqualTo(3);
		assertThat(deliveries()).allSatisfy(d -> {
			assertThat(d.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
			assertThat(d.attempts()).isEqualTo(1);
			assertThat(d.deliveredAt()).isNotNull();
		});
		List<LoggedRequest> helpdesk = this.receiver.findAll(postRequestedFor(urlEqualTo("/hooks/helpdesk")));
		assertThat(helpdesk).singleElement().satisfies(request -> {
			String body = request.getBodyAsString();
			assertThat(body).contains("\"type\":\"handoff.queued\"").contains("\"handoffId\":\"h-1\"");
			assertThat(request.getHeader("X-Tessera-Event")).isEqualTo("handoff.queued");
			String signature = request.getHeader(WebhookSignature.HEADER);
			assertThat(WebhookSignature.verify(SECRET, signature, body, this.clock.instant().getEpochSecond(), 300))
				.isTrue();
			assertThat(WebhookSignature.verify("another-secret-entirely", signature, body,
					this.clock.instant().getEpochSecond(), 300)).isFalse();
			assertThat(WebhookSignature.verify(SECRET, signature, body + " ", this.clock.instant().getEpochSecond(),
					300)).as("a changed body").isFalse();
			assertThat(WebhookSignature.verify(SECRET, signature, body, this.clock.instant().getEpochSecond() + 3600,
					300)).as("a replay an hour later").isFalse();
		});
		assertThat(this.receiver.findAll(postRequestedFor(urlEqualTo("/hooks/all")))).hasSize(2);
		assertThat(this.dispatcher.dispatchDue()).as("nothing is sent twice").isZero();
	}

	@Test
	void failures_are_retried_with_growing_waits_then_given_up_and_can_be_retried_by_hand() {
		this.receiver.stubFor(post(urlEqualTo("/hooks/helpdesk")).inScenario("flaky")
			.whenScenarioStateIs(STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		this.receiver.stubFor(post(urlEqualTo("/hooks/helpdesk")).inScenario("flaky")
			.whenScenarioStateIs("up")
			.willReturn(aResponse().withStatus(200)));
		this.receiver.stubFor(post(urlEqualTo("/hooks/all")).willReturn(aResponse().withStatus(500)));
		this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_QUEUED, this.tenant, Map.of("handoffId", "h-2")));

		assertThat(this.dispatcher.dispatchDue()).isEqualTo(2);
		assertThat(deliveries()).allSatisfy(d -> {
			assertThat(d.status()).isEqualTo(WebhookDelivery.Status.PENDING);
			assertThat(d.attempts()).isEqualTo(1);
			assertThat(d.lastError()).startsWith("HTTP 5");
			assertThat(d.nextAttemptAt().toInstant()).isEqualTo(this.clock.instant().plusSeconds(10));
		});
		assertThat(this.dispatcher.dispatchDue()).as("not due yet").isZero();

		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.dispatcher.dispatchDue()).isEqualTo(2);
		WebhookDelivery helpdesk = only("helpdesk");
		assertThat(helpdesk.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
		assertThat(helpdesk.attempts()).isEqualTo(2);
		WebhookDelivery all = only("everything");
		assertThat(all.status()).isEqualTo(WebhookDelivery.Status.PENDING);
		assertThat(all.nextAttemptAt().toInstant()).as("the wait doubles").isEqualTo(this.clock.instant().plusSeconds(20));

		this.clock.advance(Duration.ofSeconds(20));
		this.dispatcher.dispatchDue();
		all = only("everything");
		assertThat(all.status()).isEqualTo(WebhookDelivery.Status.FAILED);
		assertThat(all.attempts()).isEqualTo(3);
		assertThat(all.lastStatus()).isEqualTo(500);
		assertThat(all.lastError()).contains("gave up after 3 attempts");
		assertThat(all.nextAttemptAt()).isNull();

		assertThat(this.outbox.retry("another-tenant", all.id())).isFalse();
		assertThat(this.outbox.retry(this.tenant, all.id())).isTrue();
		assertThat(this.outbox.retry(this.tenant, helpdesk.id())).as("a delivered one").isFalse();
		this.receiver.stubFor(post(urlEqualTo("/hooks/all")).willReturn(aResponse().withStatus(204)));
		this.dispatcher.dispatchDue();
		assertThat(only("everything").status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
	}

	@Test
	void an_unreachable_receiver_is_logged_as_such() {
		WebhookEndpoint closed = new WebhookEndpoint("closed", URI.create("http://127.0.0.1:1/hooks"), SECRET, Set.of());
		JdbcWebhookOutbox outbox = new JdbcWebhookOutbox(this.jdbc, List.of(closed), this.clock);
		WebhookDispatcher dispatcher = new WebhookDispatcher(this.jdbc, List.of(closed), 3, Duration.ofSeconds(1),
				Duration.ofSeconds(2), this.clock);
		outbox.publish(new WebhookEvent("handoff.queued", this.tenant, Map.of()));
		dispatcher.dispatchDue();
		WebhookDelivery delivery = outbox.list(this.tenant, null, 10).getFirst();
		assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.PENDING);
		assertThat(delivery.lastStatus()).isNull();
		assertThat(delivery.lastError()).contains("Connect");
	}

	@Test
	void an_event_published_in_a_transaction_that_rolls_back_is_never_sent() {
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
		try {
			transactions.executeWithoutResult(status -> {
				this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_QUEUED, this.tenant, Map.of()));
				throw new IllegalStateException("the change failed");
			});
		}
		catch (IllegalStateException expected) {
			// the change and its event are undone together
		}
		assertThat(deliveries()).isEmpty();
	}

	private WebhookDelivery only(String endpoint) {
		return deliveries().stream().filter(d -> d.endpoint().equals(endpoint)).findFirst().orElseThrow();
	}

}
