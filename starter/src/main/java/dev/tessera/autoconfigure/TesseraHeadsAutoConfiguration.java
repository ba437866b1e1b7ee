package dev.tessera.autoconfigure;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.HeadVersions;
import dev.tessera.core.heads.JdbcHeadVersions;
import dev.tessera.core.heads.PackExamples;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.learning.HeadPromotions;
import dev.tessera.core.learning.LearningCandidates;
import dev.tessera.core.learning.LearningService;
import dev.tessera.core.learning.LearningSettings;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.inference.encoder.SentenceEncoder;

/**
 * Task heads on the sentence encoder: a {@link TaskHeadService} holding every assistant's heads, trained from the
 * packs' {@code examples/} at start-up (or loaded, when a saved version was trained on the same examples). With
 * Tessera's database, versions are published there, so every server on it serves the same ones.
 */
@AutoConfiguration(after = { TesseraInferenceAutoConfiguration.class, TesseraAssistantsAutoConfiguration.class,
		TesseraConversationsAutoConfiguration.class })
@ConditionalOnProperty(prefix = TesseraHeadsProperties.CONFIG_PREFIX, name = "enabled", matchIfMissing = true)
@ConditionalOnBean({ SentenceEncoder.class, AssistantCatalog.class })
@EnableConfigurationProperties({ TesseraHeadsProperties.class, TesseraProperties.class })
public class TesseraHeadsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TaskHeadService taskHeadService(SentenceEncoder sentenceEncoder, AssistantCatalog assistants,
			TesseraProperties tessera, TesseraHeadsProperties properties, ResourceLoader resourceLoader,
			ObjectProvider<DataSource> dataSource, ObjectProvider<TesseraSchema> schema,
			ObjectProvider<LearningCandidates> candidates) {
		Path root = properties.getDirectory() != null ? properties.getDirectory()
				: tessera.getDataDir().resolve("heads");
		// with a database, versions are published there for every server on it (the data directory keeps a copy)
		DataSource database = schema.getIfAvailable() != null ? dataSource.getIfAvailable() : null;
		HeadVersions published = database == null ? null
				: new JdbcHeadVersions(JdbcClient.create(database),
						new TransactionTemplate(new JdbcTransactionManager(database)), Clock.systemUTC());
		TaskHeadService service = new TaskHeadService(root, sentenceEncoder, HeadTrainingOptions.defaults(),
				published);
		if (properties.isTrainOnStartup()) {
			PackExamples examples = new PackExamples(ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
			// disabled assistants too: enabling one finds its heads ready
			for (AssistantDefinition assistant : assistants.allIncludingDisabled()) {
				for (Map.Entry<String, TrainingSet> head : examples.read(assistant).entrySet()) {
					LearningCandidates learned = candidates.getIfAvailable();
					// a version promoted from reviewed escalations keeps them when it is loaded or the pack changes
					service.loadOrTrain(assistant.id(), head.getKey(), head.getValue(),
							through -> learned == null ? head.getValue()
									: LearningService.trainedWith(head.getValue(), learned, assistant.id(), head.getKey(),
											through));
				}
			}
		}
		return service;
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ LearningCandidates.class, HeadPromotions.class, AdminAuditLog.class })
	LearningService learningService(LearningCandidates candidates, HeadPromotions promotions, TaskHeadService heads,
			AssistantCatalog assistants, ResourceLoader resourceLoader, AdminAuditLog audit,
			TesseraHeadsProperties properties,
			ObjectProvider<dev.tessera.retrieval.ingest.DocumentIngester> ingester) {
		PackExamples examples = new PackExamples(ResourcePatternUtils.getResourcePatternResolver(resourceLoader));
		TesseraHeadsProperties.Learning learning = properties.getLearning();
		return new LearningService(candidates, promotions, heads, id -> examples.read(assistants.require(id)), audit,
				new LearningSettings(learning.getTargetAccuracy(), learning.getSpotCheckShare(),
						learning.getProtectedLabels(), learning.getGateMargin()),
				Clock.systemUTC(), ingester::getIfAvailable);
	}

}
