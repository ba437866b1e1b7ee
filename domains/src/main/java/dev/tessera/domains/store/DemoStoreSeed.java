package dev.tessera.domains.store;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo store's data, written for this project: eight customers and 36 orders in every state, dated relative to
 * today (UTC) so that the demo behaves the same whatever the day it runs: order 100101 was delivered 5 days ago and
 * can be returned, 100102 was delivered 45 days ago and cannot, 100103 is on its way, 100107 has a return already.
 * {@link #reset} replaces a tenant's demo data in one transaction (returns made in the demo are dropped), so the
 * server resets its demo store at every start. Customers' emails are {@code @example.com} addresses.
 */
public final class DemoStoreSeed {

	/** The customers: id, name, email. */
	static final List<Customer> CUSTOMERS = List.of(new Customer(1, "Ana Lindqvist", "ana.lindqvist@example.com"),
			new Customer(2, "Tomas Berger", "tomas.berger@example.com"),
			new Customer(3, "Mira Okafor", "mira.okafor@example.com"),
			new Customer(4, "Jonas Weber", "jonas.weber@example.com"),
			new Customer(5, "Lea Martin", "lea.martin@example.com"),
			new Customer(6, "Omar Haddad", "omar.haddad@example.com"),
			new Customer(7, "Sofia Rossi", "sofia.rossi@example.com"),
			new Customer(8, "Erik Nilsen", "erik.nilsen@example.com"));

	/**
	 * The orders: number, customer, status, days ago it was placed, shipped and delivered (-1: not yet), carrier,
	 * tracking code, lines as "quantity product price-in-cents" separated by "; ".
	 */
	static final List<Order> ORDERS = List.of(
			new Order("100101", 1, OrderStatus.DELIVERED, 9, 7, 5, "Parcelway", "PW-HQXR-4417",
					"1 Linen shirt 3490; 2 Wool socks 990"),
			new Order("100102", 1, OrderStatus.DELIVERED, 50, 48, 45, "Parcelway", "PW-KMTA-1180", "1 Rain jacket 8900"),
			new Order("100103", 2, OrderStatus.SHIPPED, 3, 2, -1, "SwiftPost", "SP-ZJBC-5521",
					"1 Espresso cups, set of four 2400"),
			new Order("100104", 2, OrderStatus.PROCESSING, 1, -1, -1, null, null, "1 Desk lamp 4590"),
			new Order("100105", 3, OrderStatus.PLACED, 0, -1, -1, null, null, "3 Cotton tea towels 690"),
			new Order("100106", 3, OrderStatus.CANCELLED, 6, -1, -1, null, null, "1 Bread knife 2990"),
			new Order("100107", 4, OrderStatus.DELIVERED, 16, 14, 12, "Parcelway", "PW-RRNE-0392", "1 Trail backpack 7900"),
			new Order("100108", 4, OrderStatus.DELIVERED, 34, 32, 30, "SwiftPost", "SP-VOLK-7716", "2 Pillow covers 1890"),
			new Order("100109", 5, OrderStatus.DELIVERED, 35, 33, 31, "SwiftPost", "SP-GATE-2204", "1 Yoga mat 3290"),
			new Order("100110", 5, OrderStatus.SHIPPED, 5, 4, -1, "Parcelway", "PW-BNOW-6650", "1 Ceramic vase 4400"),
			new Order("100111", 6, OrderStatus.DELIVERED, 21, 19, 17, "Parcelway", "PW-CEDA-3308",
					"1 Running shoes 11900"),
			new Order("100112", 6, OrderStatus.DELIVERED, 90, 88, 86, "SwiftPost", "SP-HUSK-9012", "1 Winter coat 15900"),
			new Order("100113", 7, OrderStatus.PROCESSING, 2, -1, -1, null, null, "2 Glass storage jars 1250"),
			new Order("100114", 7, OrderStatus.DELIVERED, 3, 2, 1, "SwiftPost", "SP-MIRE-4471", "1 Table runner 2190"),
			new Order("100115", 8, OrderStatus.SHIPPED, 1, 0, -1, "SwiftPost", "SP-OKRA-0016", "1 Bluetooth speaker 5990"),
			new Order("100116", 8, OrderStatus.CANCELLED, 20, -1, -1, null, null, "1 Camping stove 6490"),
			new Order("100117", 1, OrderStatus.PLACED, 0, -1, -1, null, null, "1 Scented candle 1590"),
			new Order("100118", 2, OrderStatus.DELIVERED, 62, 60, 58, "Parcelway", "PW-LUMA-2290", "1 Wall clock 3990"),
			new Order("100119", 3, OrderStatus.DELIVERED, 12, 10, 8, "Parcelway", "PW-SOLE-8835",
					"1 Linen trousers 4990; 1 Canvas belt 1990"),
			new Order("100120", 4, OrderStatus.SHIPPED, 4, 3, -1, "Parcelway", "PW-FERN-1143", "4 Dinner plates 1490"),
			new Order("100121", 5, OrderStatus.DELIVERED, 28, 26, 24, "SwiftPost", "SP-DUNE-6621", "1 Reading chair 24900"),
			new Order("100122", 6, OrderStatus.PROCESSING, 0, -1, -1, null, null, "1 Chef's apron 1990"),
			new Order("100123", 7, OrderStatus.DELIVERED, 44, 42, 40, "SwiftPost", "SP-PINE-3390", "1 Wool blanket 6900"),
			new Order("100124", 8, OrderStatus.DELIVERED, 10, 8, 6, "Parcelway", "PW-TIDE-5057", "2 Water bottles 1790"),
			new Order("100125", 1, OrderStatus.SHIPPED, 2, 1, -1, "SwiftPost", "SP-ROAM-7781", "1 Leather wallet 3990"),
			new Order("100126", 2, OrderStatus.CANCELLED, 15, -1, -1, null, null, "1 Standing desk 39900"),
			new Order("100127", 3, OrderStatus.DELIVERED, 7, 5, 3, "Parcelway", "PW-OPAL-2208", "1 Hand blender 4490"),
			new Order("100128", 4, OrderStatus.PLACED, 0, -1, -1, null, null, "1 Notebook set 1290"),
			new Order("100129", 5, OrderStatus.DELIVERED, 120, 118, 116, "SwiftPost", "SP-CLAY-4402",
					"1 Bedside table 8900"),
			new Order("100130", 6, OrderStatus.SHIPPED, 6, 5, -1, "Parcelway", "PW-ECHO-9911",
					"1 Garden hose 2990; 1 Watering can 1890"),
			new Order("100131", 7, OrderStatus.DELIVERED, 18, 16, 14, "SwiftPost", "SP-WREN-1176", "1 Bath towels, pair 3490"),
			new Order("100132", 8, OrderStatus.PROCESSING, 1, -1, -1, null, null, "1 Phone stand 1490"),
			new Order("100133", 1, OrderStatus.DELIVERED, 33, 31, 29, "Parcelway", "PW-MOSS-6043", "1 Sun hat 2490"),
			new Order("100134", 2, OrderStatus.DELIVERED, 4, 3, 2, "SwiftPost", "SP-KITE-8820", "1 Kite 2990"),
			new Order("100135", 3, OrderStatus.CANCELLED, 2, -1, -1, null, null, "1 Coffee grinder 5490"),
			new Order("100136", 4, OrderStatus.SHIPPED, 3, 2, -1, "SwiftPost", "SP-BEAM-3357", "1 Floor lamp 6990"));

	/** Orders that have a return already when the store is reset. */
	static final List<String> RETURNED = List.of("100107", "100123");

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	public DemoStoreSeed(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.clock = clock;
	}

	/** Replaces the tenant's demo data with the seed, dated from today. */
	public void reset(String tenantId) {
		LocalDate today = LocalDate.now(this.clock.withZone(ZoneOffset.UTC));
		this.transactions.executeWithoutResult(status -> {
			for (String table : List.of("tessera_demo_return", "tessera_demo_order_item", "tessera_demo_order",
					"tessera_demo_customer")) {
				this.jdbc.sql("DELETE FROM " + table + " WHERE tenant_id = ?").param(tenantId).update();
			}
			for (Customer customer : CUSTOMERS) {
				this.jdbc.sql("INSERT INTO tessera_demo_customer (tenant_id, customer_id, name, email) VALUES (?, ?, ?, ?)")
					.params(tenantId, customer.id(), customer.name(), customer.email())
					.update();
			}
			for (Order order : ORDERS) {
				List<StoreOrder.Item> items = order.items();
				long total = items.stream().mapToLong(item -> item.quantity() * item.unitPriceCents()).sum();
				this.jdbc.sql("""
						INSERT INTO tessera_demo_order (tenant_id, order_number, customer_id, status, placed_at, shipped_at,
						    delivered_at, carrier, tracking_code, total_cents)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
					.params(tenantId, order.number(), order.customer(), order.status().name(),
							at(today, order.placedDaysAgo(), 9), at(today, order.shippedDaysAgo(), 15),
							at(today, order.deliveredDaysAgo(), 13), order.carrier(), order.trackingCode(), total)
					.update();
				for (int line = 0; line < items.size(); line++) {
					StoreOrder.Item item = items.get(line);
					this.jdbc.sql("""
							INSERT INTO tessera_demo_order_item (tenant_id, order_number, line, product, quantity,
							    unit_price_cents) VALUES (?, ?, ?, ?, ?, ?)""")
						.params(tenantId, order.number(), line + 1, item.product(), item.quantity(), item.unitPriceCents())
						.update();
				}
			}
			for (String returned : RETURNED) {
				Order order = ORDERS.stream().filter(o -> o.number().equals(returned)).findFirst().orElseThrow();
				this.jdbc.sql("""
						INSERT INTO tessera_demo_return (tenant_id, rma_number, order_number, status, created_at)
						VALUES (?, ?, ?, 'REQUESTED', ?)""")
					.params(tenantId, "RMA-" + returned, returned, at(today, order.deliveredDaysAgo() - 2, 11))
					.update();
			}
		});
	}

	/** Whether the tenant has demo data. */
	public boolean seeded(String tenantId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM tessera_demo_order WHERE tenant_id = ?")
			.param(tenantId)
			.query(Integer.class)
			.single() > 0;
	}

	private static OffsetDateTime at(LocalDate today, int daysAgo, int hour) {
		return daysAgo < 0 ? null : today.minusDays(daysAgo).atTime(hour, 0).atOffset(ZoneOffset.UTC);
	}

	record Customer(long id, String name, String email) {
	}

	record Order(String number, long customer, OrderStatus status, int placedDaysAgo, int shippedDaysAgo,
			int deliveredDaysAgo, String carrier, String trackingCode, String lines) {

		List<StoreOrder.Item> items() {
			return java.util.Arrays.stream(this.lines.split("; ")).map(line -> {
				String[] parts = line.split(" ");
				int quantity = Integer.parseInt(parts[0]);
				long price = Long.parseLong(parts[parts.length - 1]);
				String product = String.join(" ", java.util.Arrays.copyOfRange(parts, 1, parts.length - 1));
				return new StoreOrder.Item(product, quantity, price);
			}).toList();
		}

	}

}
