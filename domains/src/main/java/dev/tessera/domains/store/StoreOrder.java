package dev.tessera.domains.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;

/**
 * An order of the demo store, as a tool sees it once the customer is verified. The customer's name and email are not
 * part of it: nothing here may reach a reply or the trail that the customer did not already know.
 *
 * @param orderNumber six digits
 * @param status where the order is
 * @param placedAt when it was placed
 * @param shippedAt when it left the warehouse, or null
 * @param deliveredAt when the carrier delivered it, or null
 * @param carrier the carrier, or null before shipping
 * @param trackingCode the carrier's tracking code, or null before shipping
 * @param totalCents the order total in euro cents
 * @param items the order lines
 */
record StoreOrder(String orderNumber, OrderStatus status, OffsetDateTime placedAt, OffsetDateTime shippedAt,
		OffsetDateTime deliveredAt, String carrier, String trackingCode, long totalCents, List<Item> items) {

	public StoreOrder {
		Objects.requireNonNull(orderNumber, "orderNumber cannot be null");
		Objects.requireNonNull(status, "status cannot be null");
		Objects.requireNonNull(placedAt, "placedAt cannot be null");
		items = List.copyOf(items);
	}

	/**
	 * @param product the product's name
	 * @param quantity how many
	 * @param unitPriceCents price of one, in euro cents
	 */
	public record Item(String product, int quantity, long unitPriceCents) {
	}

}
