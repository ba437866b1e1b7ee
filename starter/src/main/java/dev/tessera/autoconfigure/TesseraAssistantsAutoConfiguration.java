package dev.tessera.autoconfigure;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.ai.embedding.EmbeddingModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.io.support.ResourcePatternUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.assistant.pack.AssistantPackReader;
import dev.tessera.core.assistant.pack.PackKnowledgeIndexer;
import dev.tessera.core.assistant.version.JdbcAssistantVersionStore;
import dev.tessera.core.assistant.version.VersionedAssistantCatalog;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.turn.dialogue.ConversationMemory;
import dev.tessera.core.turn.dialogue.InMemoryConversationMemory;
import dev.tessera.core.turn.rails.InputRailsStage;
import dev.tessera.core.turn.rails.OutputRailsStage;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.respond.Responder;
import dev.tessera.core.turn.retrieve.KnowledgeRetriever;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.route.Router;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.turn.understand.AssessingUnderstanding;
import dev.tessera.core.turn.understand.DomainAssessor;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.core.turn.understand.HeadUnderstanding;
import dev.tessera.core.turn.understand.QueryUnderstanding;
import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.IngestionResult;

/**
 * Assistants from packs, their knowledge, rails and the turn stages. Every bean backs off when the application
 * defines its own.
 */
// after the data source: the catalog is versioned in the database when there is one
@AutoConfiguration(after = { TesseraKnowledgeAutoConfiguration.class, DataSourceAutoConfiguration.class })
@EnableConfigurationProperties(TesseraProperties.class)
public class TesseraAssistantsAutoConfiguration {

	/** Packs shipped on the classpath (such as the demo packs) live here. */
	public static final String CLASSPATH_PACKS = "classpath*:tessera/packs/*/assistant.yaml";

	private static final Log logger = LogFactory.getLog(TesseraAssistantsAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "piiPatternRail")
	PiiPatternRail piiPatternRail() {
		return new PiiPatternRail();
	}

	@Bean
	@ConditionalOnMissingBean(name = "instructionOverrideRail")
	InstructionOverrideRail instructionOverrideRail() {
		return new InstructionOverrideRail();
	}

	@Bean
	@ConditionalOnMissingBean(name = "requiredNoticeRail")
	RequiredNoticeRail requiredNoticeRail() {
		return new RequiredNoticeRail();
	}

	@Bean
	@ConditionalOnMissingBean
	RailChain railChain(List<Rail> rails) {
		return new RailChain(rails);
	}

	/** Every {@link AssistantTool} bean, by name: the tools packs may call. */
	@Bean
	@ConditionalOnMissingBean
	ToolRegistry toolRegistry(ObjectProvider<AssistantTool> tools) {
		ToolRegistry registry = new ToolRegistry(tools.orderedStream().toList());
		if (!registry.names().isEmpty()) {
			logger.info("Tools packs may call: " + registry.names());
		}
		return registry;
	}

	/** Slot values and open follow-up questions between turns, in memory only. */
	@Bean
	@ConditionalOnMissingBean
	ConversationMemory conversationMemory() {
		return InMemoryConversationMemory.defaults();
	}

	/**
	 * Without a database: the packs as read at start-up, fixed. (With one, {@link VersionedCatalogConfiguration}
	 * registers its catalog first and this one backs off.)
	 */
	@Bean
	@ConditionalOnMissingBean
	AssistantCatalog assistantCatalog(TesseraProperties properties, RailChain rails, ToolRegistry tools,
			ResourceLoader resourceLoader, ObjectProvider<DomainAssessor> assessors) {
		List<String> locations = packLocations(properties);
		List<AssistantDefinition> assistants = packReader(rails, tools, assessors, resourceLoader).readAll(locations);
		logger.info("Loaded " + assistants.size() + " assistant(s) from " + locations + ": "
				+ assistants.stream().map(AssistantDefinition::id).toList());
		return new DefaultAssistantCatalog(assistants);
	}

	/**
	 * With a database: every assistant's definition is versioned there and can be edited, rolled back, disabled and
	 * enabled at run time; the packs are imported at start-up (see {@link VersionedAssistantCatalog}). Changes are
	 * recorded through the {@link AdminAuditLog} when the application has one.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class VersionedCatalogConfiguration {

		@Bean
		@ConditionalOnMissingBean(AssistantCatalog.class)
		VersionedAssistantCatalog versionedAssistantCatalog(TesseraProperties properties, RailChain rails,
				ToolRegistry tools, ResourceLoader resourceLoader, DataSource dataSource, ObjectProvider<TesseraSchema> schema,
				PlatformTransactionManager transactionManager, ObjectProvider<AdminAuditLog> audit,
				ObjectProvider<DomainAssessor> assessors) {
			schema.getIfAvailable(); // the database is migrated before the packs are imported into it
			List<String> locations = packLocations(properties);
			AssistantPackReader reader = packReader(rails, tools, assessors, resourceLoader);
			// the audit log is looked up per change: it may be defined after this catalog, or not at all
			AdminAuditLog auditLog = action -> audit.ifAvailable(log -> log.record(action));
			VersionedAssistantCatalog catalog = new VersionedAssistantCatalog(reader.locate(locations), reader,
					new JdbcAssistantVersionStore(JdbcClient.create(dataSource)),
					new TransactionTemplate(transactionManager), auditLog, Clock.systemUTC());
			logger.info("Loaded " + catalog.states().size() + " assistant(s) from " + locations + ", versioned in "
					+ "the database: " + catalog.states()
						.stream()
						.map(s -> s.id() + " v" + s.active().version() + (s.enabled() ? "" : " (disabled)"))
						.toList());
			return catalog;
		}

	}

	private static List<String> packLocations(TesseraProperties properties) {
		List<String> locations = new ArrayList<>();
		if (properties.getPacks().isIncludeClasspath()) {
			locations.add(CLASSPATH_PACKS);
		}
		locations.addAll(properties.getPacks().getLocations());
		return locations;
	}

	private static AssistantPackReader packReader(RailChain rails, ToolRegistry tools,
			ObjectProvider<DomainAssessor> assessors, ResourceLoader resourceLoader) {
		// a pack may name any DomainAssessor bean, and only the settings it reads
		Map<String, Set<String>> knownAssessors = new HashMap<>();
		assessors.orderedStream().forEach(assessor -> knownAssessors.put(assessor.name(), assessor.settingNames()));
		return new AssistantPackReader(ResourcePatternUtils.getResourcePatternResolver(resourceLoader), rails, tools,
				knownAssessors);
	}

	/**
	 * Indexes the packs' knowledge at start-up, before any turn can search it; disabled assistants too, so that
	 * enabling one finds its knowledge current.
	 */
	@Bean
	@ConditionalOnMissingBean
	PackKnowledgeIndexer packKnowledgeIndexer(AssistantCatalog assistants, DocumentIngester ingester,
			KnowledgeStore store) {
		PackKnowledgeIndexer indexer = new PackKnowledgeIndexer(ingester, store);
		for (AssistantDefinition assistant : assistants.allIncludingDisabled()) {
			PackKnowledgeIndexer.Report report = indexer.index(assistant);
			logger.info("Knowledge of assistant '" + assistant.id() + "': " + report.results().size() + " document(s), "
					+ report.count(IngestionResult.Outcome.ADDED) + " added, "
					+ report.count(IngestionResult.Outcome.REPLACED) + " replaced, "
					+ report.count(IngestionResult.Outcome.UNCHANGED) + " unchanged, " + report.removed().size()
					+ " removed");
		}
		return indexer;
	}

	@Bean
	@ConditionalOnMissingBean
	InputRailsStage inputRailsStage(RailChain rails) {
		return new PolicyInputRails(rails);
	}

	@Bean
	@ConditionalOnMissingBean
	QueryUnderstanding queryUnderstanding(ObjectProvider<TaskHeadService> heads,
			ObjectProvider<DomainAssessor> assessors) {
		TaskHeadService trained = heads.getIfAvailable();
		// task heads, when the encoder is on and heads are enabled, after the pack's domain rules
		QueryUnderstanding understanding = trained == null ? new DomainRuleUnderstanding()
				: new HeadUnderstanding(new DomainRuleUnderstanding(), trained);
		// then the domain assessor a pack names, which reads the conversation so far from the turn
		return new AssessingUnderstanding(understanding, assessors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	KnowledgeRetriever knowledgeRetriever(KnowledgeStore store, ObjectProvider<EmbeddingModel> embeddings,
			PackKnowledgeIndexer packKnowledge) {
		// packKnowledge: no search before the packs' knowledge is in the store
		return new StoreKnowledgeRetriever(store, embeddings.getIfAvailable());
	}

	@Bean
	@ConditionalOnMissingBean
	Router router() {
		// no large-model provider is wired yet, so escalations become hand-offs
		return new DefaultRouter(false);
	}

	@Bean
	@ConditionalOnMissingBean
	Responder responder() {
		return new GroundedTemplateResponder();
	}

	@Bean
	@ConditionalOnMissingBean
	OutputRailsStage outputRailsStage(RailChain rails) {
		return new PolicyOutputRails(rails);
	}

}
