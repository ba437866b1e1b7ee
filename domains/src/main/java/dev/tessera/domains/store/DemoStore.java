package dev.tessera.domains.store;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The demo store's tables ({@code tessera_demo_*}, its own migration {@code db/tessera-demo-store}) through JDBC; portable SQL for H2 and PostgreSQL.
 * Every query is scoped to a tenant.
 */
public final class DemoStore {

	private final JdbcClient jdbc;

	public DemoStore(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The order with this number whose customer has this email (case and surrounding spaces ignored). An unknown
	 * order and an email that does not match give the same empty answer, in one query, so a caller cannot tell them
	 * apart.
	 */
	public Optional<StoreOrder> findOrder(String tenantId, String orderNumber, String email) {
		Optional<StoreOrder> order = this.jdbc.sql("""
				SELECT o.order_number, o.status, o.placed_at, o.shipped_at, o.delivered_at, o.carrier, o.tracking_code,
				       o.total_cents
				FROM tessera_demo_order o
				JOIN tessera_demo_customer c ON c.tenant_id = o.tenant_id AND c.customer_id = o.customer_id
				WHERE o.tenant_id = ? AND o.order_number = ? AND LOWER(c.email) = ?""")
			.params(tenantId, orderNumber.strip(), email.strip().toLowerCase(Locale.ROOT))
			.query((rs, row) -> new StoreOrder(rs.getString("order_number"), OrderStatus.valueOf(rs.getString("status")),
					rs.getObject("placed_at", OffsetDateTime.class), rs.getObject("shipped_at", OffsetDateTime.class),
					rs.getObject("delivered_at", OffsetDateTime.class), rs.getString("carrier"),
					rs.getString("tracking_code"), rs.getLong("total_cents"), List.of()))
			.optional();
		return order.map(found -> new StoreOrder(found.orderNumber(), found.status(), found.placedAt(),
				found.shippedAt(), found.deliveredAt(), found.carrier(), found.trackingCode(), found.totalCents(),
				items(tenantId, found.orderNumber())));
	}

	private List<StoreOrder.Item> items(String tenantId, String orderNumber) {
		return this.jdbc.sql("""
				SELECT product, quantity, unit_price_cents FROM tessera_demo_order_item
				WHERE tenant_id = ? AND order_number = ? ORDER BY line""")
			.params(tenantId, orderNumber)
			.query((rs, row) -> new StoreOrder.Item(rs.getString("product"), rs.getInt("quantity"),
					rs.getLong("unit_price_cents")))
			.list();
	}

	/** The RMA number of the order's return, if one was requested. */
	public Optional<String> findReturn(String tenantId, String orderNumber) {
		return this.jdbc.sql("SELECT rma_number FROM tessera_demo_return WHERE tenant_id = ? AND order_number = ?")
			.params(tenantId, orderNumber)
			.query(String.class)
			.optional();
	}

	/**
	 * Records a requested return and gives its RMA number, or the existing one when the order has a return already
	 * (one return per order; two requests at once create one record, the unique index decides).
	 * @return the RMA number and whether this call created it
	 */
	public ReturnRecord createReturn(String tenantId, String orderNumber, OffsetDateTime now) {
		String rma = "RMA-" + orderNumber;
		try {
			this.jdbc.sql("""
					INSERT INTO tessera_demo_return (tenant_id, rma_number, order_number, status, created_at)
					VALUES (?, ?, ?, 'REQUESTED', ?)""")
				.params(tenantId, rma, orderNumber, now)
				.update();
			return new ReturnRecord(rma, true);
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			return new ReturnRecord(findReturn(tenantId, orderNumber).orElse(rma), false);
		}
	}

	/** Number of returns recorded for a tenant (for tests and the seed's report). */
	public int countReturns(String tenantId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM tessera_demo_return WHERE tenant_id = ?")
			.param(tenantId)
			.query(Integer.class)
			.single();
	}

	/**
	 * @param rmaNumber the return's number
	 * @param created whether this request created it
	 */
	public record ReturnRecord(String rmaNumber, boolean created) {
	}

}
