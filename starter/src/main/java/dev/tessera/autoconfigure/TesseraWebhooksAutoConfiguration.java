package dev.tessera.autoconfigure;

import java.time.Clock;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.webhook.JdbcWebhookOutbox;
import dev.tessera.core.webhook.WebhookDispatcher;
import dev.tessera.core.webhook.WebhookEndpoint;

/**
 * Webhooks from {@code tessera.webhooks.*}: the outbox and delivery log on the application's database, and a
 * dispatcher that runs while the application does.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = TesseraConversationsAutoConfiguration.class)
@ConditionalOnSingleCandidate(DataSource.class)
@EnableConfigurationProperties(TesseraWebhooksProperties.class)
public class TesseraWebhooksAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	JdbcWebhookOutbox webhookOutbox(DataSource dataSource, TesseraWebhooksProperties properties) {
		return new JdbcWebhookOutbox(JdbcClient.create(dataSource), endpoints(properties), Clock.systemUTC());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	WebhookDispatcher webhookDispatcher(DataSource dataSource, TesseraWebhooksProperties properties) {
		return new WebhookDispatcher(JdbcClient.create(dataSource), endpoints(properties), properties.getMaxAttempts(),
				properties.getInitialBackoff(), properties.getTimeout(), Clock.systemUTC());
	}

	/** Polls only while the application runs, and only when there is somewhere to deliver to. */
	@Bean
	SmartLifecycle webhookDispatcherLifecycle(WebhookDispatcher dispatcher, TesseraWebhooksProperties properties) {
		return new SmartLifecycle() {

			private volatile boolean running;

			@Override
			public void start() {
				if (!properties.getEndpoints().isEmpty()) {
					dispatcher.start(properties.getPollInterval());
				}
				this.running = true;
			}

			@Override
			public void stop() {
				dispatcher.close();
				this.running = false;
			}

			@Override
			public boolean isRunning() {
				return this.running;
			}

		};
	}

	private static List<WebhookEndpoint> endpoints(TesseraWebhooksProperties properties) {
		return properties.getEndpoints()
			.stream()
			.map(e -> new WebhookEndpoint(e.getName(), e.getUrl(), e.getSecret(), e.getEvents()))
			.toList();
	}

}
