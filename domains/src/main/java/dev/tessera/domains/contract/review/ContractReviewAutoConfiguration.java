package dev.tessera.domains.contract.review;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.autoconfigure.web.PluginApi;
import dev.tessera.core.access.Role;
import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.persistence.SchemaContribution;
import dev.tessera.core.webhook.WebhookOutbox;
import dev.tessera.inference.encoder.TextEmbedder;
import dev.tessera.domains.contract.ClauseSplitter;
import dev.tessera.domains.contract.ContractAnalyzer;
import dev.tessera.domains.contract.ContractQuestions;
import dev.tessera.domains.contract.Playbook;
import dev.tessera.domains.contract.PlaybookReader;
import dev.tessera.domains.contract.review.api.ContractReviewController;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.retrieval.ingest.DocumentParser;

/**
 * Contract review as a plug-in of any application with this jar and a database: its own tables (a
 * {@link SchemaContribution}, history {@code tessera_contract_review_schema_history}), the contract-review pack's
 * playbook and clause-type head, the review store and the background analysis.
 * <p>
 * {@code tessera.contracts.assistant} (default {@code contract-review}) names the pack whose {@code playbook.yaml}
 * and {@code clause-type} head are used. Without task heads ({@code tessera.heads.enabled=false}) uploads are
 * accepted and their analysis fails with that reason.
 */
@AutoConfiguration(afterName = { "dev.tessera.autoconfigure.TesseraAssistantsAutoConfiguration",
		"dev.tessera.autoconfigure.TesseraHeadsAutoConfiguration",
		"dev.tessera.autoconfigure.TesseraConversationsAutoConfiguration" })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnBean(AssistantCatalog.class)
@EnableConfigurationProperties(ContractReviewProperties.class)
public class ContractReviewAutoConfiguration {

	/** The contract-review tables, migrated with the application's schema. */
	public static final SchemaContribution SCHEMA = new SchemaContribution("contract_review",
			"classpath:db/tessera-contract-review");

	@Bean
	SchemaContribution contractReviewSchema() {
		return SCHEMA;
	}

	static final String HEAD = "clause-type";

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	@DependsOn("tesseraSchema")
	ContractReviewService contractReviewService(DataSource dataSource, DocumentParser parser,
			AssistantCatalog assistants, ObjectProvider<TaskHeadService> heads, ObjectProvider<SentenceEncoder> encoder,
			ResourceLoader resourceLoader, AdminAuditLog audit, ObjectProvider<WebhookOutbox> outbox,
			ContractReviewProperties properties) {
		String assistantId = properties.getAssistant();
		JdbcClient jdbc = JdbcClient.create(dataSource);
		AssistantDefinition assistant = assistants.allIncludingDisabled()
			.stream()
			.filter(a -> a.id().equals(assistantId))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("contract review uses the assistant '" + assistantId
					+ "' (tessera.contracts.assistant), which no pack defines"));
		Playbook playbook = playbook(assistant, resourceLoader);
		TaskHeadService trained = heads.getIfAvailable();
		if (trained != null) {
			trained.head(assistantId, HEAD).ifPresent(clauseType -> {
				// a type the head does not know is never found: a required one would be reported missing every time
				List<String> unknown = playbook.unknownTypes(clauseType.spec().labels());
				if (!unknown.isEmpty()) {
					throw new InvalidPackException(playbook.source(), "clause-types",
							"types the '" + HEAD + "' head has no label for: " + unknown + "; its labels are "
									+ clauseType.spec().labels() + " (examples/" + HEAD + ".csv)");
				}
			});
		}
		Supplier<TaskHead> head = () -> {
			TaskHeadService service = heads.getIfAvailable();
			if (service == null) {
				throw new IllegalStateException(
						"contract review needs the '" + HEAD + "' task head, and task heads are off (tessera.heads.enabled)");
			}
			return service.require(assistantId, HEAD);
		};
		TextEmbedder embedder = encoder.getIfAvailable();
		ContractAnalyzer analyzer = new ContractAnalyzer(new ClauseSplitter(), head, playbook, notice(assistant));
		ContractReviewService service = new ContractReviewService(new JdbcContractReviews(jdbc, Clock.systemUTC(),
				outbox.getIfAvailable(WebhookOutbox::none)), parser, analyzer, new ContractQuestions(head, embedder),
				audit, assistantId);
		service.resumeQueued();
		return service;
	}

	/** The {@code playbook.yaml} beside the pack's {@code assistant.yaml}. */
	private static Playbook playbook(AssistantDefinition assistant, ResourceLoader resourceLoader) {
		String source = assistant.source();
		if (!source.endsWith("assistant.yaml")) {
			throw new InvalidPackException(source, "", "contract review needs the pack folder of '" + assistant.id()
					+ "' to read its " + PlaybookReader.FILE_NAME);
		}
		String location = source.substring(0, source.length() - "assistant.yaml".length()) + PlaybookReader.FILE_NAME;
		var resource = resourceLoader.getResource(location);
		if (!resource.exists()) {
			throw new InvalidPackException(location, "", "is missing: contract review compares contracts with it");
		}
		Playbook read = new PlaybookReader().read(resource, location);
		// reports name it as people know it; errors above name the full location
		return new Playbook(assistant.id() + "/" + PlaybookReader.FILE_NAME, read.sha256(), read.types());
	}

	/** The notice of the pack's {@code required-notice} output rail, which every report carries too. */
	private static String notice(AssistantDefinition assistant) {
		return assistant.outputRails()
			.entries()
			.stream()
			.filter(entry -> entry.rail().equals("required-notice"))
			.map(entry -> entry.settings().get("notice"))
			.filter(notice -> notice != null && !notice.isBlank())
			.findFirst()
			.orElse("This is not legal advice.");
	}

	/**
	 * The contract-review API ({@code /api/v1/contract-reviews}) in a servlet web application: reviewers and
	 * administrators upload, decide, comment and ask; auditors read.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Import(ContractReviewController.class)
	static class Api {

		@Bean
		PluginApi contractReviewApi() {
			return new PluginApi(ContractReviewController.PATH, Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR),
					Set.of(Role.ADMIN, Role.REVIEWER), true);
		}

	}

	/** The contract-review pages of the console, where the console is part of the application. */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "dev.tessera.admin.ConsolePage")
	@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
	@Import(dev.tessera.domains.contract.review.console.ReviewPagesController.class)
	static class ConsolePages {

		@Bean
		dev.tessera.admin.ConsolePage contractReviewPage() {
			return new dev.tessera.admin.ConsolePage("/admin/reviews", "Contract reviews",
					Set.of(Role.ADMIN, Role.REVIEWER), true);
		}

	}

}
