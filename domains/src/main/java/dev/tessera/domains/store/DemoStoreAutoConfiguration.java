package dev.tessera.domains.store;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.persistence.SchemaContribution;
import dev.tessera.autoconfigure.TesseraProperties;

/**
 * The demo store as a plug-in: its own tables (a {@link SchemaContribution}, history
 * {@code tessera_demo_store_schema_history}), its tools ({@code order-status}, {@code start-return}) and its demo data.
 * The demo data belongs to the pack that uses it: it is written (reset, dated from today) at start-up only when a
 * loaded assistant calls one of these tools, for the default tenant or {@code tessera.demo-store.tenants}. An
 * application without this jar, or with {@code tessera.demo-store.enabled=false}, gets none of it.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class,
		beforeName = "dev.tessera.autoconfigure.TesseraAssistantsAutoConfiguration")
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = DemoStoreProperties.CONFIG_PREFIX, name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DemoStoreProperties.class, TesseraProperties.class })
public class DemoStoreAutoConfiguration {

	/** The demo store's tables, migrated with the application's schema. */
	public static final SchemaContribution SCHEMA = new SchemaContribution("demo_store",
			"classpath:db/tessera-demo-store");

	private static final Log logger = LogFactory.getLog(DemoStoreAutoConfiguration.class);

	@Bean
	SchemaContribution demoStoreSchema() {
		return SCHEMA;
	}

	private static final Set<String> DEMO_TOOLS = Set.of(OrderStatusTool.NAME, StartReturnTool.NAME);

	@Bean
	@ConditionalOnMissingBean
	DemoStore demoStore(DataSource dataSource) {
		return new DemoStore(JdbcClient.create(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	OrderStatusTool orderStatusTool(DemoStore store) {
		return new OrderStatusTool(store);
	}

	@Bean
	@ConditionalOnMissingBean
	StartReturnTool startReturnTool(DemoStore store) {
		return new StartReturnTool(store, Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	DemoStoreSeed demoStoreSeed(DataSource dataSource, PlatformTransactionManager transactionManager,
			AssistantCatalog assistants, DemoStoreProperties properties, TesseraProperties tessera) {
		DemoStoreSeed seed = new DemoStoreSeed(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager),
				Clock.systemUTC());
		List<String> users = assistants.allIncludingDisabled()
			.stream()
			.filter(assistant -> assistant.tools().stream().anyMatch(binding -> DEMO_TOOLS.contains(binding.tool())))
			.map(AssistantDefinition::id)
			.toList();
		if (users.isEmpty()) {
			return seed;
		}
		List<String> tenants = properties.getTenants().isEmpty() ? List.of(tessera.getDefaultTenant())
				: properties.getTenants();
		tenants.forEach(seed::reset);
		logger.info("Demo store reset for tenant(s) " + tenants + " (used by " + users + ")");
		return seed;
	}

}
