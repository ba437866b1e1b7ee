package dev.tessera.domains.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolCall;
import dev.tessera.core.tool.ToolResult;

/**
 * Starts a return in the demo store: for a delivered order (verified by its number and email, as
 * {@link OrderStatusTool} does) within the return window, counted in days from the delivery date to today (UTC), the
 * last day included. The window is the pack's {@code window-days} setting, which must say what the pack's knowledge
 * says (30 days in the e-commerce pack's returns policy). Outcomes: {@code started} (with the RMA number),
 * {@code already-requested}, {@code not-delivered}, {@code outside-window}, {@code not-found}.
 */
public final class StartReturnTool implements AssistantTool {

	public static final String NAME = "start-return";

	static final int DEFAULT_WINDOW_DAYS = 30;

	private final DemoStore store;

	private final Clock clock;

	public StartReturnTool(DemoStore store, Clock clock) {
		this.store = store;
		this.clock = clock;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public List<String> slots() {
		return List.of("order-number", "email");
	}

	@Override
	public Set<String> outcomes() {
		return Set.of("started", "already-requested", "not-delivered", "outside-window", OrderStatusTool.NOT_FOUND);
	}

	@Override
	public Set<String> fields() {
		return Set.of("order-number", "status", "placed-on", "shipped-on", "delivered-on", "carrier", "tracking-code",
				"items", "total", "rma-number", "window-days", "days-since-delivery", "last-day");
	}

	@Override
	public ToolResult invoke(ToolCall call) {
		String orderNumber = call.slot("order-number");
		int window = windowDays(call);
		StoreOrder order = this.store.findOrder(call.tenantId(), orderNumber, call.slot("email")).orElse(null);
		if (order == null) {
			return OrderStatusTool.notFound(orderNumber);
		}
		Map<String, String> fields = new LinkedHashMap<>(OrderFields.of(order));
		fields.put("window-days", Integer.toString(window));
		if (order.status() != OrderStatus.DELIVERED || order.deliveredAt() == null) {
			return ToolResult.resolved("not-delivered", fields,
					"order " + orderNumber + " is " + order.status().outcome() + ", not delivered: nothing to return yet");
		}
		java.util.Optional<String> existing = this.store.findReturn(call.tenantId(), orderNumber);
		if (existing.isPresent()) {
			fields.put("rma-number", existing.get());
			return ToolResult.resolved("already-requested", fields,
					"order " + orderNumber + " has a return already: " + existing.get());
		}
		LocalDate delivered = order.deliveredAt().atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		long days = ChronoUnit.DAYS.between(delivered, today);
		fields.put("days-since-delivery", Long.toString(days));
		fields.put("last-day", OrderFields.DATE.format(delivered.plusDays(window)));
		if (days > window) {
			return ToolResult.resolved("outside-window", fields, "order " + orderNumber + " was delivered " + days
					+ " days ago, past the " + window + "-day return window");
		}
		DemoStore.ReturnRecord record = this.store.createReturn(call.tenantId(), orderNumber,
				OffsetDateTime.now(this.clock));
		fields.put("rma-number", record.rmaNumber());
		if (!record.created()) {
			return ToolResult.resolved("already-requested", fields,
					"order " + orderNumber + " has a return already: " + record.rmaNumber());
		}
		return ToolResult.resolved("started", fields, "order " + orderNumber + " delivered " + days + " days ago, within the "
				+ window + "-day window: return " + record.rmaNumber() + " created");
	}

	private static int windowDays(ToolCall call) {
		String setting = call.setting("window-days", Integer.toString(DEFAULT_WINDOW_DAYS));
		try {
			int days = Integer.parseInt(setting.strip());
			if (days < 0) {
				throw new NumberFormatException();
			}
			return days;
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException("setting window-days must be a whole number of days >= 0, got '"
					+ setting + "'");
		}
	}

}
