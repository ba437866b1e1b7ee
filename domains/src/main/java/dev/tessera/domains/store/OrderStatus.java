package dev.tessera.domains.store;

import java.util.Locale;

/**
 * Where an order of the demo store is; also the {@code order-status} tool's outcome for it.
 */
enum OrderStatus {

	PLACED, PROCESSING, SHIPPED, DELIVERED, CANCELLED;

	/** The outcome name packs use: {@code placed}, {@code shipped}, … */
	public String outcome() {
		return name().toLowerCase(Locale.ROOT);
	}

}
