package dev.tessera.server;

import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.autoconfigure.TesseraAssistantsAutoConfiguration;
import dev.tessera.autoconfigure.TesseraConversationsAutoConfiguration;
import dev.tessera.domains.store.DemoStoreAutoConfiguration;
import dev.tessera.autoconfigure.TesseraGuardrailsAutoConfiguration;
import dev.tessera.autoconfigure.TesseraInferenceAutoConfiguration;
import dev.tessera.autoconfigure.TesseraKnowledgeAutoConfiguration;
import dev.tessera.core.tool.ToolRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo store where the starter meets the domains module: its tools are registered, and its demo data is written
 * only for the tenants configured and only when a loaded assistant calls its tools.
 */
class DemoStoreWiringTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				TesseraInferenceAutoConfiguration.class, TesseraGuardrailsAutoConfiguration.class,
				TesseraKnowledgeAutoConfiguration.class, DemoStoreAutoConfiguration.class,
				TesseraAssistantsAutoConfiguration.class, TesseraConversationsAutoConfiguration.class,
				// the triage pack's rail and assessor, which the demo packs name
				dev.tessera.domains.triage.TriageAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"tessera.data-dir=target/test-data/demo-store-" + UUID.randomUUID(),
				// the prompt-injection rail on its patterns: the packs name it, the test needs no encoder
				"tessera.inference.encoder.enabled=false");

	private static int orders(DataSource dataSource, String tenant) {
		return JdbcClient.create(dataSource)
			.sql("SELECT COUNT(*) FROM tessera_demo_order WHERE tenant_id = ?")
			.param(tenant)
			.query(Integer.class)
			.single();
	}

	@Test
	void with_the_e_commerce_pack_the_tools_are_registered_and_the_default_tenant_gets_the_demo_data() {
		this.runner.run(context -> {
			assertThat(context.getBean(ToolRegistry.class).names()).containsExactly("order-status", "start-return");
			assertThat(orders(context.getBean(DataSource.class), "default")).isEqualTo(36);
			assertThat(orders(context.getBean(DataSource.class), "other")).isZero();
		});
	}

	@Test
	void the_tenants_to_seed_can_be_named() {
		this.runner.withPropertyValues("tessera.demo-store.tenants=shop-a,shop-b").run(context -> {
			assertThat(orders(context.getBean(DataSource.class), "shop-a")).isEqualTo(36);
			assertThat(orders(context.getBean(DataSource.class), "shop-b")).isEqualTo(36);
			assertThat(orders(context.getBean(DataSource.class), "default")).isZero();
		});
	}

	@Test
	void without_an_assistant_that_calls_the_tools_no_demo_data_is_written() {
		this.runner.withPropertyValues("tessera.packs.include-classpath=false").run(context -> {
			assertThat(context.getBean(ToolRegistry.class).names()).containsExactly("order-status", "start-return");
			assertThat(orders(context.getBean(DataSource.class), "default")).isZero();
		});
	}

	@Test
	void switched_off_there_are_no_tools_and_a_pack_that_calls_them_stops_start_up() {
		this.runner.withPropertyValues("tessera.demo-store.enabled=false").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("ecommerce-support/assistant.yaml")
				.hasMessageContaining("field 'tools[0].tool': unknown tool 'order-status'; known tools: []");
		});
	}

}
