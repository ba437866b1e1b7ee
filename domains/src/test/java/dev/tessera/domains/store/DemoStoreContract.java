package dev.tessera.domains.store;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.tool.ToolCall;
import dev.tessera.core.tool.ToolResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo store's tools on a real database, seeded on a fixed day (15 March 2026, UTC). Implemented once per
 * database.
 */
public abstract class DemoStoreContract {

	/** The seed's "today". */
	static final Clock TODAY = Clock.fixed(Instant.parse("2026-03-15T12:00:00Z"), ZoneOffset.UTC);

	protected abstract DataSource dataSource();

	private DemoStore store;

	private DemoStoreSeed seed;

	private OrderStatusTool status;

	private StartReturnTool returns;

	@BeforeEach
	void migrateAndSeed() {
		new TesseraSchema(dataSource(), java.util.List.of(DemoStoreAutoConfiguration.SCHEMA)).migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource());
		this.store = new DemoStore(jdbc);
		this.seed = new DemoStoreSeed(jdbc, new TransactionTemplate(new DataSourceTransactionManager(dataSource())),
				TODAY);
		this.seed.reset("tenant-a");
		this.status = new OrderStatusTool(this.store);
		this.returns = new StartReturnTool(this.store, TODAY);
	}

	private static ToolCall call(String tenant, String order, String email) {
		return new ToolCall(tenant, "ecommerce-support", "c-1", Map.of("order-number", order, "email", email),
				Map.of("window-days", "30"));
	}

	@Test
	void a_shipped_order_is_found_with_its_details_and_nothing_personal() {
		ToolResult result = this.status.invoke(call("tenant-a", "100103", "tomas.berger@example.com"));

		assertThat(result.outcome()).isEqualTo("shipped");
		assertThat(result.resolved()).isTrue();
		assertThat(result.fields()).containsEntry("order-number", "100103")
			.containsEntry("placed-on", "12 March 2026")
			.containsEntry("shipped-on", "13 March 2026")
			.containsEntry("carrier", "SwiftPost")
			.containsEntry("tracking-code", "SP-ZJBC-5521")
			.containsEntry("items", "1 \u00d7 Espresso cups, set of four")
			.containsEntry("total", "24.00 euros")
			.doesNotContainKey("delivered-on");
		assertThat(String.join(" ", result.fields().values()) + result.reason()).doesNotContain("Tomas", "example.com");
		assertThat(this.status.fields()).containsAll(result.fields().keySet());
	}

	@Test
	void the_email_matches_whatever_its_case_and_surrounding_spaces() {
		assertThat(this.status.invoke(call("tenant-a", " 100101 ", "  Ana.Lindqvist@EXAMPLE.com ")).outcome())
			.isEqualTo("delivered");
	}

	@Test
	void a_wrong_email_reads_exactly_like_an_unknown_order() {
		ToolResult wrongEmail = this.status.invoke(call("tenant-a", "100103", "ana.lindqvist@example.com"));
		ToolResult unknown = this.status.invoke(call("tenant-a", "100103", "nobody@example.com"));
		ToolResult noSuchOrder = this.status.invoke(call("tenant-a", "199999", "tomas.berger@example.com"));

		assertThat(wrongEmail).isEqualTo(unknown);
		assertThat(wrongEmail.outcome()).isEqualTo("not-found");
		assertThat(wrongEmail.resolved()).isFalse();
		assertThat(noSuchOrder.outcome()).isEqualTo("not-found");
		assertThat(noSuchOrder.fields().keySet()).isEqualTo(wrongEmail.fields().keySet());
		assertThat(noSuchOrder.reason()).isEqualTo(wrongEmail.reason().replace("100103", "199999"));
	}

	@Test
	void every_status_of_the_seed_is_an_outcome_the_tool_declares() {
		List<String> outcomes = DemoStoreSeed.ORDERS.stream()
			.map(order -> this.status
				.invoke(call("tenant-a", order.number(), DemoStoreSeed.CUSTOMERS.get((int) order.customer() - 1).email()))
				.outcome())
			.distinct()
			.toList();

		assertThat(outcomes).containsExactlyInAnyOrder("delivered", "shipped", "processing", "placed", "cancelled");
		assertThat(DemoStoreSeed.ORDERS).hasSizeGreaterThanOrEqualTo(30);
	}

	@Test
	void another_tenant_sees_none_of_the_orders() {
		assertThat(this.status.invoke(call("tenant-b", "100103", "tomas.berger@example.com")).outcome())
			.isEqualTo("not-found");
		assertThat(this.returns.invoke(call("tenant-b", "100101", "ana.lindqvist@example.com")).outcome())
			.isEqualTo("not-found");
	}

	@Test
	void a_return_within_the_window_is_started_once_with_an_rma_number() {
		ToolResult started = this.returns.invoke(call("tenant-a", "100101", "ana.lindqvist@example.com"));
		ToolResult again = this.returns.invoke(call("tenant-a", "100101", "ana.lindqvist@example.com"));

		assertThat(started.outcome()).isEqualTo("started");
		assertThat(started.fields()).containsEntry("rma-number", "RMA-100101")
			.containsEntry("days-since-delivery", "5")
			.containsEntry("window-days", "30")
			.containsEntry("last-day", "9 April 2026");
		assertThat(again.outcome()).isEqualTo("already-requested");
		assertThat(again.fields()).containsEntry("rma-number", "RMA-100101");
		assertThat(this.store.findReturn("tenant-a", "100101")).contains("RMA-100101");
	}

	@Test
	void the_window_counts_days_from_delivery_with_the_last_day_included() {
		assertThat(this.returns.invoke(call("tenant-a", "100108", "jonas.weber@example.com")).outcome())
			.as("delivered 30 days ago").isEqualTo("started");
		ToolResult late = this.returns.invoke(call("tenant-a", "100109", "lea.martin@example.com"));
		assertThat(late.outcome()).as("delivered 31 days ago").isEqualTo("outside-window");
		assertThat(late.fields()).containsEntry("days-since-delivery", "31").containsEntry("delivered-on", "12 February 2026");
		assertThat(this.returns.invoke(new ToolCall("tenant-a", "a", "c", Map.of("order-number", "100109", "email",
				"lea.martin@example.com"), Map.of("window-days", "31"))).outcome())
			.as("a longer window set by the pack").isEqualTo("started");
	}

	@Test
	void outside_the_window_not_delivered_or_not_found_creates_no_return() {
		int before = this.store.countReturns("tenant-a");

		ToolResult old = this.returns.invoke(call("tenant-a", "100102", "ana.lindqvist@example.com"));
		ToolResult onTheWay = this.returns.invoke(call("tenant-a", "100103", "tomas.berger@example.com"));
		ToolResult cancelled = this.returns.invoke(call("tenant-a", "100106", "mira.okafor@example.com"));
		ToolResult wrongEmail = this.returns.invoke(call("tenant-a", "100101", "tomas.berger@example.com"));

		assertThat(old.outcome()).isEqualTo("outside-window");
		assertThat(old.fields()).containsEntry("days-since-delivery", "45");
		assertThat(onTheWay.outcome()).isEqualTo("not-delivered");
		assertThat(onTheWay.fields()).containsEntry("status", "shipped");
		assertThat(cancelled.outcome()).isEqualTo("not-delivered");
		assertThat(wrongEmail.outcome()).isEqualTo("not-found");
		assertThat(this.store.countReturns("tenant-a")).isEqualTo(before);
	}

	@Test
	void an_order_returned_in_the_seed_has_its_return_already() {
		ToolResult result = this.returns.invoke(call("tenant-a", "100107", "jonas.weber@example.com"));

		assertThat(result.outcome()).isEqualTo("already-requested");
		assertThat(result.fields()).containsEntry("rma-number", "RMA-100107");
	}

	@Test
	void two_requests_at_once_create_one_return() throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(4);
		try {
			Callable<String> request = () -> this.returns
				.invoke(call("tenant-a", "100124", "erik.nilsen@example.com"))
				.outcome();
			List<Future<String>> outcomes = pool.invokeAll(List.of(request, request, request, request));
			List<String> results = new java.util.ArrayList<>();
			for (Future<String> outcome : outcomes) {
				results.add(outcome.get());
			}
			assertThat(results).containsOnlyOnce("started").filteredOn(o -> !o.equals("started"))
				.containsOnly("already-requested");
		}
		finally {
			pool.shutdownNow();
		}
	}

	@Test
	void a_reset_restores_the_seed_and_drops_returns_made_since_and_leaves_other_tenants_alone() {
		this.seed.reset("tenant-r");
		this.returns.invoke(call("tenant-a", "100101", "ana.lindqvist@example.com"));
		assertThat(this.store.countReturns("tenant-a")).isEqualTo(DemoStoreSeed.RETURNED.size() + 1);

		this.seed.reset("tenant-a");

		assertThat(this.store.countReturns("tenant-a")).isEqualTo(DemoStoreSeed.RETURNED.size());
		assertThat(this.store.countReturns("tenant-r")).isEqualTo(DemoStoreSeed.RETURNED.size());
		assertThat(this.seed.seeded("tenant-a")).isTrue();
		assertThat(this.seed.seeded("tenant-c")).isFalse();
	}

}
