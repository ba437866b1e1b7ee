package dev.tessera.domains.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An order's details as reply-template fields: what the customer may read about their own order, nothing personal.
 */
final class OrderFields {

	static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

	private OrderFields() {
	}

	static Map<String, String> of(StoreOrder order) {
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("order-number", order.orderNumber());
		fields.put("status", order.status().outcome());
		fields.put("placed-on", date(order.placedAt()));
		if (order.shippedAt() != null) {
			fields.put("shipped-on", date(order.shippedAt()));
		}
		if (order.deliveredAt() != null) {
			fields.put("delivered-on", date(order.deliveredAt()));
		}
		if (order.carrier() != null) {
			fields.put("carrier", order.carrier());
		}
		if (order.trackingCode() != null) {
			fields.put("tracking-code", order.trackingCode());
		}
		fields.put("items", order.items()
			.stream()
			.map(item -> item.quantity() + " \u00d7 " + item.product())
			.collect(Collectors.joining(", ")));
		fields.put("total", String.format(Locale.ROOT, "%d.%02d euros", order.totalCents() / 100,
				order.totalCents() % 100));
		return fields;
	}

	static String date(OffsetDateTime at) {
		return DATE.format(at.atZoneSameInstant(ZoneOffset.UTC));
	}

}
