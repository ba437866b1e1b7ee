package dev.tessera.core.webhook;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import dev.tessera.core.persistence.StateTransition;

/**
 * {@link WebhookOutbox} and {@link WebhookDeliveries} on plain JDBC: publishing inserts one delivery row per endpoint
 * that receives the event, in the caller's transaction.
 */
public final class JdbcWebhookOutbox implements WebhookOutbox, WebhookDeliveries {

	static final String COLUMNS = """
			id, event_id, event_type, tenant_id, endpoint, url, body, status, attempts, next_attempt_at, last_status,
			last_error, created_at, delivered_at""";

	private final JdbcClient jdbc;

	private final List<WebhookEndpoint> endpoints;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	public JdbcWebhookOutbox(JdbcClient jdbc, List<WebhookEndpoint> endpoints, Clock clock) {
		this.jdbc = jdbc;
		this.endpoints = List.copyOf(endpoints);
		this.clock = clock;
	}

	@Override
	public void publish(WebhookEvent event) {
		OffsetDateTime now = OffsetDateTime.now(this.clock);
		String eventId = UUID.randomUUID().toString();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("id", eventId);
		body.put("type", event.type());
		body.put("tenant", event.tenantId());
		body.put("occurredAt", now.toString());
		body.put("data", event.data());
		String text = this.json.writeValueAsString(body);
		for (WebhookEndpoint endpoint : this.endpoints) {
			if (!endpoint.receives(event.type())) {
				continue;
			}
			this.jdbc.sql("""
					INSERT INTO tessera_webhook_delivery (id, event_id, event_type, tenant_id, endpoint, url, body, status,
					  attempts, next_attempt_at, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
				.params(UUID.randomUUID().toString(), eventId, event.type(), event.tenantId(), endpoint.name(),
						endpoint.url().toString(), text, now, now)
				.update();
		}
	}

	@Override
	public List<WebhookDelivery> list(String tenantId, WebhookDelivery.@Nullable Status status, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM tessera_webhook_delivery WHERE tenant_id = ?"
					+ (status == null ? "" : " AND status = ?") + " ORDER BY created_at DESC, id")
			.params(status == null ? List.of(tenantId) : List.of(tenantId, status.name()))
			.query(JdbcWebhookOutbox::map)
			.list()
			.stream()
			.limit(limit)
			.toList();
	}

	@Override
	public Optional<WebhookDelivery> find(String tenantId, String id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM tessera_webhook_delivery WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(JdbcWebhookOutbox::map)
			.optional();
	}

	@Override
	public boolean retry(String tenantId, String id) {
		return StateTransition.of("tessera_webhook_delivery", "status")
			.where("tenant_id", tenantId)
			.where("id", id)
			.from(WebhookDelivery.Status.FAILED)
			.to(WebhookDelivery.Status.PENDING)
			.set("next_attempt_at", OffsetDateTime.now(this.clock))
			.apply(this.jdbc);
	}

	static WebhookDelivery map(ResultSet rs, int row) throws SQLException {
		int status = rs.getInt("last_status");
		Integer lastStatus = rs.wasNull() ? null : status;
		return new WebhookDelivery(rs.getString("id"), rs.getString("event_id"), rs.getString("event_type"),
				rs.getString("tenant_id"), rs.getString("endpoint"), rs.getString("url"), rs.getString("body"),
				WebhookDelivery.Status.valueOf(rs.getString("status")), rs.getInt("attempts"),
				rs.getObject("next_attempt_at", OffsetDateTime.class), lastStatus,
				rs.getString("last_error"), rs.getObject("created_at", OffsetDateTime.class),
				rs.getObject("delivered_at", OffsetDateTime.class));
	}

}
