package dev.tessera.autoconfigure;

import java.time.Clock;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.audit.AuditExporter;
import dev.tessera.core.audit.AuditLog;
import dev.tessera.core.audit.stats.AuditStatistics;
import dev.tessera.core.audit.stats.JdbcAuditStatistics;
import dev.tessera.core.audit.AuditTrail;
import dev.tessera.core.audit.JdbcAdminAuditLog;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.audit.JdbcAuditTrail;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.turn.record.TurnRecorder;
import dev.tessera.core.conversation.ConversationRepository;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffQueueingRecorder;
import dev.tessera.core.handoff.JdbcHandoffQueue;
import dev.tessera.core.learning.CandidateRecorder;
import dev.tessera.core.learning.HeadPromotions;
import dev.tessera.core.learning.JdbcHeadPromotions;
import dev.tessera.core.learning.JdbcLearningCandidates;
import dev.tessera.core.learning.LearningCandidates;
import dev.tessera.core.learning.LearningHandoffQueue;
import dev.tessera.core.persistence.SchemaContribution;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.turn.DefaultTurnPipeline;
import dev.tessera.core.turn.TurnPipeline;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.turn.dialogue.ConversationMemory;
import dev.tessera.core.turn.dialogue.DefaultDialogueStage;
import dev.tessera.core.turn.dialogue.DialogueStage;
import dev.tessera.core.turn.rails.InputRailsStage;
import dev.tessera.core.turn.rails.OutputRailsStage;
import dev.tessera.core.turn.respond.Responder;
import dev.tessera.core.turn.retrieve.KnowledgeRetriever;
import dev.tessera.core.turn.route.Router;
import dev.tessera.core.turn.understand.QueryUnderstanding;
import dev.tessera.core.webhook.WebhookOutbox;
import dev.tessera.guardrails.pii.PiiPatternRail;

/**
 * Conversations, the audit trail (turns and operators' actions in one hash chain, its query, export and
 * verification) and the turn pipeline on the application's {@link DataSource}.
 */
@AutoConfiguration(after = { DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcClientAutoConfiguration.class, TesseraAssistantsAutoConfiguration.class })
@ConditionalOnSingleCandidate(DataSource.class)
@org.springframework.boot.context.properties.EnableConfigurationProperties(TesseraHeadsProperties.class)
public class TesseraConversationsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	TesseraSchema tesseraSchema(DataSource dataSource, TesseraProperties properties,
			ObjectProvider<SchemaContribution> contributions) {
		// the plug-ins' own tables (a domain's reviews, the demo store), each with its own history
		TesseraSchema schema = new TesseraSchema(dataSource, contributions.orderedStream().toList());
		if (properties.getPersistence().isMigrate()) {
			schema.migrate();
		}
		return schema;
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	ConversationRepository conversationRepository(DataSource dataSource) {
		return new JdbcConversationRepository(JdbcClient.create(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	AuditLog auditLog(DataSource dataSource, PlatformTransactionManager transactionManager) {
		return new JdbcAuditLog(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	AdminAuditLog adminAuditLog(DataSource dataSource, PlatformTransactionManager transactionManager) {
		return new JdbcAdminAuditLog(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	AuditTrail auditTrail(DataSource dataSource) {
		return new JdbcAuditTrail(JdbcClient.create(dataSource));
	}

	@Bean
	@ConditionalOnMissingBean
	AuditExporter auditExporter(AuditTrail auditTrail) {
		return new AuditExporter(auditTrail);
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	HandoffQueue handoffQueue(DataSource dataSource, ConversationRepository conversations,
			PlatformTransactionManager transactionManager, ObjectProvider<WebhookOutbox> outbox,
			ObjectProvider<LearningCandidates> candidates, ObjectProvider<ContextRedactor> redactor) {
		HandoffQueue queue = new JdbcHandoffQueue(JdbcClient.create(dataSource), conversations,
				new TransactionTemplate(transactionManager), Clock.systemUTC(),
				outbox.getIfAvailable(WebhookOutbox::none));
		LearningCandidates learning = candidates.getIfAvailable();
		// a person's reply is also the answer a handed-off turn's candidate example learns from
		return learning == null ? queue : new LearningHandoffQueue(queue, learning,
				redactor.getIfAvailable(() -> new ContextRedactor(new PiiPatternRail())));
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	@ConditionalOnProperty(prefix = "tessera.heads.learning", name = "enabled", matchIfMissing = true)
	LearningCandidates learningCandidates(DataSource dataSource, PlatformTransactionManager transactionManager) {
		return new JdbcLearningCandidates(JdbcClient.create(dataSource), new TransactionTemplate(transactionManager),
				Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	HeadPromotions headPromotions(DataSource dataSource) {
		return new JdbcHeadPromotions(JdbcClient.create(dataSource), Clock.systemUTC());
	}

	@Bean
	@ConditionalOnMissingBean
	TurnRecorder turnRecorder(ConversationRepository conversations, AuditLog auditLog, HandoffQueue handoffs,
			ObjectProvider<ContextRedactor> redactor, PlatformTransactionManager transactionManager,
			ObjectProvider<WebhookOutbox> outbox, ObjectProvider<LearningCandidates> candidates,
			TesseraHeadsProperties heads) {
		TransactionTemplate transactions = new TransactionTemplate(transactionManager);
		// hand-offs are queued in the transaction that records the turn
		TurnRecorder recorder = new HandoffQueueingRecorder(new JdbcTurnRecorder(conversations, auditLog, transactions),
				handoffs, conversations, redactor.getIfAvailable(() -> new ContextRedactor(new PiiPatternRail())),
				transactions, outbox.getIfAvailable(WebhookOutbox::none));
		LearningCandidates learning = candidates.getIfAvailable();
		// and escalated turns (with a share of the others as spot checks) become candidate examples in it too
		return learning == null ? recorder : new CandidateRecorder(recorder, learning, transactions,
				heads.getLearning().getSpotCheckShare());
	}

	@Bean
	@ConditionalOnMissingBean
	DialogueStage dialogueStage(ToolRegistry tools, ConversationMemory memory,
			ObjectProvider<ContextRedactor> redactor) {
		return new DefaultDialogueStage(tools, memory,
				redactor.getIfAvailable(() -> new ContextRedactor(new PiiPatternRail())));
	}

	@Bean
	@ConditionalOnMissingBean
	TurnPipeline turnPipeline(AssistantCatalog assistants, ConversationRepository conversations,
			InputRailsStage inputRails, QueryUnderstanding understanding, KnowledgeRetriever retriever,
			DialogueStage dialogue, Router router, Responder responder, OutputRailsStage outputRails,
			TurnRecorder recorder, ObjectProvider<MeterRegistry> meters, TesseraProperties properties) {
		int historyMessages = properties.getChat().getHistoryMessages();
		return DefaultTurnPipeline.builder(assistants)
			.transcript(conversationId -> conversations.findRecentMessages(conversationId, historyMessages))
			.inputRails(inputRails)
			.understanding(understanding)
			.retriever(retriever)
			.dialogue(dialogue)
			.router(router)
			.responder(responder)
			.outputRails(outputRails)
			.recorder(recorder)
			.meters(meters.getIfAvailable(SimpleMeterRegistry::new))
			.build();
	}

	@Bean
	@ConditionalOnMissingBean
	ConversationService conversationService(AssistantCatalog assistants, ConversationRepository conversations,
			TurnPipeline pipeline, TesseraProperties properties) {
		return new ConversationService(assistants, conversations, pipeline,
				properties.getChat().getMaxMessageChars());
	}

	@Bean
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	AuditStatistics auditStatistics(DataSource dataSource) {
		return new JdbcAuditStatistics(JdbcClient.create(dataSource), Clock.systemUTC());
	}

}
