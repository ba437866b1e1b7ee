package dev.tessera.autoconfigure;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.ingestion.JdbcIngestionJobLog;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.turn.retrieve.InjectionChunkScreen;
import dev.tessera.guardrails.injection.PromptInjectionRail;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.archive.DocumentArchive;
import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.archive.PostgresDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.retrieval.ingest.ChunkScreen;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.DocumentParser;
import dev.tessera.retrieval.ingest.IngestionJobLog;
import dev.tessera.retrieval.ingest.IngestionJobs;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;
import dev.tessera.retrieval.store.PgVectorKnowledgeStore;

/**
 * The knowledge store (embedded Lucene by default, or PostgreSQL), the archive of uploaded documents, and ingestion.
 * Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = { TesseraInferenceAutoConfiguration.class, DataSourceAutoConfiguration.class })
@EnableConfigurationProperties({ TesseraProperties.class, TesseraKnowledgeProperties.class })
public class TesseraKnowledgeAutoConfiguration {

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = TesseraKnowledgeProperties.CONFIG_PREFIX, name = "store", havingValue = "embedded",
			matchIfMissing = true)
	static class Embedded {

		@Bean(destroyMethod = "close")
		@ConditionalOnMissingBean(KnowledgeStore.class)
		LuceneKnowledgeStore knowledgeStore(TesseraProperties tessera, TesseraKnowledgeProperties knowledge) {
			return LuceneKnowledgeStore.onDisk(folder(tessera).resolve("index"), knowledge.getSearchWidth());
		}

		@Bean
		@ConditionalOnMissingBean
		DocumentArchive documentArchive(TesseraProperties tessera) {
			return new FileDocumentArchive(folder(tessera).resolve("documents"));
		}

		private static Path folder(TesseraProperties tessera) {
			return tessera.getDataDir().resolve("knowledge");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(prefix = TesseraKnowledgeProperties.CONFIG_PREFIX, name = "store", havingValue = "postgres")
	static class Postgres {

		@Bean
		@ConditionalOnMissingBean(KnowledgeStore.class)
		PgVectorKnowledgeStore knowledgeStore(DataSource dataSource, TesseraKnowledgeProperties knowledge) {
			PgVectorKnowledgeStore store = new PgVectorKnowledgeStore(dataSource, knowledge.getSearchWidth())
				.textCandidates(knowledge.getTextCandidates());
			if (knowledge.getBulkBuildWorkers() != null) {
				store.bulkBuildWorkers(knowledge.getBulkBuildWorkers());
			}
			return store.migrate();
		}

		@Bean
		@ConditionalOnMissingBean
		DocumentArchive documentArchive(DataSource dataSource, KnowledgeStore store) {
			// the archive's table comes with the store's migrations, hence the dependency on the store
			return new PostgresDocumentArchive(dataSource);
		}

	}

	@Bean
	@ConditionalOnMissingBean
	DocumentParser documentParser(TesseraKnowledgeProperties knowledge) {
		TesseraKnowledgeProperties.Ingestion limits = knowledge.getIngestion();
		return new DocumentParser(new DocumentParser.Limits(limits.getMaxDocumentBytes(), limits.getMaxDocumentChars()));
	}

	@Bean
	@ConditionalOnMissingBean
	StructureAwareChunker structureAwareChunker(TesseraKnowledgeProperties knowledge,
			ObjectProvider<SentenceEncoder> encoder) {
		SentenceEncoder available = encoder.getIfAvailable();
		TokenCounter tokens = available != null ? TokenCounter.of(available) : TokenCounter.approximate();
		return new StructureAwareChunker(tokens, knowledge.getChunking().getMaxTokens(),
				knowledge.getChunking().getOverlapTokens());
	}

	@Bean
	@ConditionalOnMissingBean
	DocumentIngester documentIngester(DocumentParser parser, StructureAwareChunker chunker,
			ObjectProvider<EmbeddingModel> embeddings, KnowledgeStore store, DocumentArchive archive,
			ObjectProvider<PromptInjectionRail> promptInjection, TesseraKnowledgeProperties knowledge) {
		PromptInjectionRail rail = promptInjection.getIfAvailable();
		double threshold = knowledge.getIngestion().getInjectionThreshold();
		ChunkScreen screen = rail == null || threshold > 1 ? ChunkScreen.NONE : new InjectionChunkScreen(rail, threshold);
		// without an embedding model (encoder disabled) knowledge is searched lexically only
		return new DocumentIngester(parser, chunker, embeddings.getIfAvailable(), store, archive, screen);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	IngestionJobs ingestionJobs(DocumentIngester ingester, TesseraKnowledgeProperties knowledge,
			ObjectProvider<DataSource> dataSource, ObjectProvider<TesseraSchema> schema) {
		// with a database, jobs outlive the process that runs them (the schema is migrated first)
		DataSource database = dataSource.getIfUnique();
		IngestionJobLog log = database == null || schema.getIfUnique() == null ? IngestionJobLog.none()
				: new JdbcIngestionJobLog(JdbcClient.create(database), Clock.systemUTC());
		return new IngestionJobs(ingester, knowledge.getIngestion().getMaxQueuedJobs(), log,
				knowledge.getIngestion().getBulkMinDocuments());
	}

}
