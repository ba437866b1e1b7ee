package dev.tessera.domains.store;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tessera.core.tool.ToolRegistry;

/**
 * The demo store's tools on an empty in-memory database, for tests that read packs (the reader checks the tools a
 * pack names; it never calls them).
 */
public final class DemoTools {

	private DemoTools() {
	}

	public static ToolRegistry registry() {
		DemoStore store = new DemoStore(JdbcClient.create(new DriverManagerDataSource(
				"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "")));
		return new ToolRegistry(List.of(new OrderStatusTool(store), new StartReturnTool(store, Clock.systemUTC())));
	}

}
