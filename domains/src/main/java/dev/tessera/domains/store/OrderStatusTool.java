package dev.tessera.domains.store;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolCall;
import dev.tessera.core.tool.ToolResult;

/**
 * Looks up an order of the demo store for a customer who names it and the email it was placed with. Both must match
 * one order: a wrong email gets exactly the answer an unknown order number gets ({@code not-found}, same fields, same
 * reason), so the tool never tells anyone that an order exists. The outcome is the order's status, so the pack can
 * word each one.
 */
public final class OrderStatusTool implements AssistantTool {

	public static final String NAME = "order-status";

	static final String NOT_FOUND = "not-found";

	private final DemoStore store;

	public OrderStatusTool(DemoStore store) {
		this.store = store;
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
		return Stream.concat(Stream.of(OrderStatus.values()).map(OrderStatus::outcome), Stream.of(NOT_FOUND))
			.collect(Collectors.toUnmodifiableSet());
	}

	@Override
	public Set<String> fields() {
		return Set.of("order-number", "status", "placed-on", "shipped-on", "delivered-on", "carrier", "tracking-code",
				"items", "total");
	}

	@Override
	public ToolResult invoke(ToolCall call) {
		String orderNumber = call.slot("order-number");
		return this.store.findOrder(call.tenantId(), orderNumber, call.slot("email"))
			.map(order -> ToolResult.resolved(order.status().outcome(), OrderFields.of(order),
					"order " + orderNumber + " matches the email given; status " + order.status().outcome()))
			.orElseGet(() -> notFound(orderNumber));
	}

	/** The one answer for an unknown order and for an email that does not match. */
	static ToolResult notFound(String orderNumber) {
		return ToolResult.unresolved(NOT_FOUND, Map.of("order-number", orderNumber),
				"no order " + orderNumber + " with that email");
	}

}
