package dev.tessera.autoconfigure;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;

import dev.tessera.core.assistant.version.VersionedAssistantCatalog;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.persistence.TesseraSchema;

/**
 * Several servers on one database: each takes in what the others changed (assistant versions and enabled states,
 * task-head versions) every {@code tessera.persistence.refresh-interval}, so an edit or a promotion on one server is
 * in force on all of them within that interval.
 */
@AutoConfiguration(after = { TesseraAssistantsAutoConfiguration.class, TesseraHeadsAutoConfiguration.class,
		TesseraConversationsAutoConfiguration.class })
@ConditionalOnBean(TesseraSchema.class)
@EnableConfigurationProperties(TesseraProperties.class)
public class TesseraInstancesAutoConfiguration {

	@Bean
	OtherServersChanges otherServersChanges(TesseraProperties properties,
			ObjectProvider<VersionedAssistantCatalog> assistants, ObjectProvider<TaskHeadService> heads) {
		return new OtherServersChanges(properties.getPersistence().getRefreshInterval(), assistants, heads);
	}

	/** Polls the database for other servers' changes while the application runs. */
	static final class OtherServersChanges implements SmartLifecycle {

		private static final Log logger = LogFactory.getLog(OtherServersChanges.class);

		private final Duration interval;

		private final ObjectProvider<VersionedAssistantCatalog> assistants;

		private final ObjectProvider<TaskHeadService> heads;

		private volatile ScheduledExecutorService scheduler;

		OtherServersChanges(Duration interval, ObjectProvider<VersionedAssistantCatalog> assistants,
				ObjectProvider<TaskHeadService> heads) {
			this.interval = interval;
			this.assistants = assistants;
			this.heads = heads;
		}

		/** One round: assistants first, since a head serves an assistant. */
		void refresh() {
			try {
				this.assistants.ifAvailable(VersionedAssistantCatalog::refresh);
				this.heads.ifAvailable(TaskHeadService::refresh);
			}
			catch (RuntimeException ex) {
				// the database may be away for a moment; the next round tries again
				logger.debug("Could not read other servers' changes: " + ex.getMessage());
			}
		}

		@Override
		public void start() {
			if (this.interval.isZero() || this.interval.isNegative()) {
				return;
			}
			this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
				Thread thread = new Thread(runnable, "tessera-other-servers");
				thread.setDaemon(true);
				return thread;
			});
			this.scheduler.scheduleWithFixedDelay(this::refresh, this.interval.toMillis(), this.interval.toMillis(),
					TimeUnit.MILLISECONDS);
		}

		@Override
		public void stop() {
			ScheduledExecutorService running = this.scheduler;
			if (running != null) {
				running.shutdownNow();
				this.scheduler = null;
			}
		}

		@Override
		public boolean isRunning() {
			return this.scheduler != null;
		}

	}

}
