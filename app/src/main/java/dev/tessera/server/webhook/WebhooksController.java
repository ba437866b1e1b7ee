package dev.tessera.server.webhook;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.webhook.WebhookDeliveries;
import dev.tessera.core.webhook.WebhookDelivery;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.NotFoundException;
import dev.tessera.server.security.CallerTenant;

/**
 * The webhook delivery log of the caller's tenant, and a manual retry of a failed delivery.
 */
@RestController
@RequestMapping("/api/v1/admin/webhooks/deliveries")
class WebhooksController {

	private final WebhookDeliveries deliveries;

	private final AdminAuditLog audit;

	private final CallerTenant caller;

	WebhooksController(WebhookDeliveries deliveries, AdminAuditLog audit, CallerTenant caller) {
		this.deliveries = deliveries;
		this.audit = audit;
		this.caller = caller;
	}

	@GetMapping
	List<DeliveryView> list(@RequestParam(required = false) @Nullable String status,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > 1000) {
			throw new BadRequestException("limit must be between 1 and 1000, got " + limit + ".");
		}
		WebhookDelivery.Status filter = null;
		if (status != null && !status.isBlank()) {
			try {
				filter = WebhookDelivery.Status.valueOf(status.strip().toUpperCase(java.util.Locale.ROOT));
			}
			catch (IllegalArgumentException ex) {
				throw new BadRequestException("status must be PENDING, DELIVERED or FAILED, got '" + status + "'.");
			}
		}
		return this.deliveries.list(this.caller.tenant(), filter, limit).stream().map(DeliveryView::of).toList();
	}

	@GetMapping("/{id}")
	DeliveryView get(@PathVariable String id) {
		return DeliveryView.of(find(id));
	}

	@PostMapping("/{id}/retry")
	DeliveryView retry(@PathVariable String id, @Nullable Principal principal) {
		String tenant = this.caller.tenant();
		WebhookDelivery before = find(id);
		if (!this.deliveries.retry(tenant, id)) {
			throw new BadRequestException("Only a failed delivery can be retried; this one is " + before.status() + ".");
		}
		this.audit.record(AdminActions.of(tenant, principal, "webhook.retry", "webhook-delivery/" + id,
				AdminActions.state("status", before.status().name()), AdminActions.state("status", "PENDING")));
		return DeliveryView.of(find(id));
	}

	private WebhookDelivery find(String id) {
		return this.deliveries.find(this.caller.tenant(), id)
			.orElseThrow(() -> new NotFoundException("unknown-webhook-delivery", "Unknown webhook delivery",
					"There is no webhook delivery '" + id + "'."));
	}

	record DeliveryView(String id, String eventId, String eventType, String endpoint, String url, String status,
			int attempts, @Nullable OffsetDateTime nextAttemptAt, @Nullable Integer lastStatus,
			@Nullable String lastError, OffsetDateTime createdAt, @Nullable OffsetDateTime deliveredAt, String body) {

		static DeliveryView of(WebhookDelivery d) {
			return new DeliveryView(d.id(), d.eventId(), d.eventType(), d.endpoint(), d.url(), d.status().name(),
					d.attempts(), d.nextAttemptAt(), d.lastStatus(), d.lastError(), d.createdAt(), d.deliveredAt(),
					d.body());
		}

	}

}
