package dev.tessera.autoconfigure;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.version.Editor;
import dev.tessera.core.assistant.version.VersionedAssistantCatalog;
import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.audit.AuditExporter;
import dev.tessera.core.audit.AuditLog;
import dev.tessera.core.audit.AuditTrail;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.turn.TurnPipeline;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.DomainAssessor;
import dev.tessera.core.turn.route.RouteDecision;
import dev.tessera.core.turn.route.Router;
import dev.tessera.core.assistant.Route;
import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.Verdict;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static org.assertj.core.api.Assertions.assertThat;

class TesseraAutoConfigurationTest {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				TesseraKnowledgeAutoConfiguration.class, TesseraAssistantsAutoConfiguration.class,
				TesseraConversationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"tessera.data-dir=target/test-data/autoconfigure-" + UUID.randomUUID(),
				"tessera.packs.locations=classpath:sample-packs/*/assistant.yaml");

	@Test
	void wires_the_whole_turn_from_properties() {
		this.runner.run(context -> {
			assertThat(context).hasSingleBean(TurnPipeline.class).hasSingleBean(ConversationService.class);
			assertThat(context).hasSingleBean(AuditLog.class)
				.hasSingleBean(AdminAuditLog.class)
				.hasSingleBean(AuditTrail.class)
				.hasSingleBean(AuditExporter.class);
			assertThat(context.getBean(RailChain.class).railNames()).containsExactly("instruction-override", "pii",
					"required-notice");
			assertThat(context.getBean(AssistantCatalog.class).find("opening-hours")).isPresent();
		});
	}

	@Test
	void with_a_database_the_assistants_are_versioned_and_changes_reach_the_audit_log() {
		this.runner.withUserConfiguration(RecordingAuditLog.class).run(context -> {
			assertThat(context).hasSingleBean(AssistantCatalog.class);
			VersionedAssistantCatalog catalog = context.getBean(VersionedAssistantCatalog.class);
			assertThat(catalog.state("opening-hours").active().version()).isEqualTo(1);
			String yaml = catalog.state("opening-hours").active().yaml();

			catalog.edit("opening-hours", yaml.replace("name: ", "name: Edited "), "test", new Editor("default", "ana"));
			catalog.disable("opening-hours", new Editor("default", "ana"));

			assertThat(context.getBean(AssistantCatalog.class).find("opening-hours")).isEmpty();
			assertThat(context.getBean(RecordingAuditLog.class).actions).extracting(AdminAction::action)
				.containsExactly("assistant.update", "assistant.disable");
		});
	}

	@Test
	void without_an_audit_log_changes_are_still_made() {
		this.runner.run(context -> {
			VersionedAssistantCatalog catalog = context.getBean(VersionedAssistantCatalog.class);
			String yaml = catalog.state("opening-hours").active().yaml();
			catalog.edit("opening-hours", yaml.replace("name: ", "name: Edited "), null, new Editor("default", "ana"));
			assertThat(catalog.find("opening-hours").orElseThrow().name()).startsWith("Edited ");
		});
	}

	@Test
	void binds_properties() {
		this.runner.withPropertyValues("tessera.chat.max-message-chars=12", "tessera.api.max-request-bytes=100",
				"tessera.data-dir=target/test-data/bound-" + UUID.randomUUID(), "tessera.knowledge.chunking.max-tokens=64",
				"tessera.knowledge.search-width=80").run(context -> {
					TesseraProperties properties = context.getBean(TesseraProperties.class);
					assertThat(properties.getChat().getMaxMessageChars()).isEqualTo(12);
					assertThat(properties.getApi().getMaxRequestBytes()).isEqualTo(100);
					assertThat(properties.getDataDir().toString()).startsWith("target/test-data/bound-");
					TesseraKnowledgeProperties knowledge = context.getBean(TesseraKnowledgeProperties.class);
					assertThat(knowledge.getChunking().getMaxTokens()).isEqualTo(64);
					assertThat(knowledge.getSearchWidth()).isEqualTo(80);
					assertThat(context).hasSingleBean(LuceneKnowledgeStore.class);
				});
	}

	@Test
	void backs_off_when_the_application_brings_its_own_beans() {
		this.runner.withUserConfiguration(OwnBeans.class).run(context -> {
			assertThat(context.getBean(Router.class)).isSameAs(context.getBean(OwnBeans.class).router);
			assertThat(context.getBean(AssistantCatalog.class).all()).isEmpty();
		});
	}

	@Test
	void an_application_rail_becomes_available_to_packs() {
		this.runner.withUserConfiguration(ExtraRail.class).run(context -> {
			assertThat(context.getBean(RailChain.class).knows("shouting")).isTrue();
		});
	}

	@Test
	void an_application_domain_assessor_can_be_named_by_a_pack_and_runs_in_its_turns() {
		this.runner.withUserConfiguration(LostProperty.class)
			.withPropertyValues("tessera.packs.locations=classpath:assessed-packs/*/assistant.yaml")
			.run(context -> {
				assertThat(context.getBean(AssistantCatalog.class).find("desk")).get()
					.extracting(AssistantDefinition::assessor)
					.isEqualTo(Optional.of(new AssistantDefinition.Assessor("lost-property",
							java.util.Map.of("desk", "the front desk"))));
				ConversationService conversations = context.getBean(ConversationService.class);
				String id = conversations.start("default", "desk").id();

				TurnResult lost = conversations.send("default", id, "I lost my umbrella");

				assertThat(lost.route()).isEqualTo(Route.HANDOFF_HUMAN);
				assertThat(lost.text()).isEqualTo("Please ask at the front desk.");
				assertThat(lost.routeReason()).isEqualTo("assessor 'lost-property' (lost): lost property is kept"
						+ " at the desk; earlier messages: 0");
				assertThat(conversations.send("default", id, "I lost my scarf too").routeReason())
					.as("the assessor reads the conversation from the store")
					.endsWith("earlier messages: 2");
			});
	}

	@Test
	void a_turn_reads_no_more_of_the_conversation_than_the_history_window() {
		this.runner.withUserConfiguration(LostProperty.class)
			.withPropertyValues("tessera.packs.locations=classpath:assessed-packs/*/assistant.yaml",
					"tessera.chat.history-messages=3")
			.run(context -> {
				ConversationService conversations = context.getBean(ConversationService.class);
				String id = conversations.start("default", "desk").id();
				conversations.send("default", id, "I lost my umbrella");
				conversations.send("default", id, "I lost my scarf too");

				// four messages are stored; the turn reads the last three
				assertThat(conversations.send("default", id, "I lost my gloves as well").routeReason())
					.endsWith("earlier messages: 3");
				assertThat(conversations.history("default", id).messages()).hasSize(6);
			});
	}

	@Test
	void a_pack_naming_an_unknown_assessor_or_setting_stops_start_up() {
		this.runner.withPropertyValues("tessera.packs.locations=classpath:assessed-packs/*/assistant.yaml")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidPackException.class)
					.hasMessageContaining("assessed-packs/desk/assistant.yaml:5")
					.hasMessageContaining("unknown domain assessor 'lost-property'; known assessors: []");
			});
	}

	@Test
	void a_broken_pack_stops_start_up_with_the_file_and_field() {
		this.runner.withPropertyValues("tessera.packs.locations=classpath:broken-packs/*/assistant.yaml")
			.run(context -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOf(InvalidPackException.class)
					.hasMessageContaining("broken-packs/no-name/assistant.yaml")
					.hasMessageContaining("field 'name': is required");
			});
	}

	@Test
	void without_a_data_source_only_the_assistants_are_configured() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(TesseraKnowledgeAutoConfiguration.class,
					TesseraAssistantsAutoConfiguration.class, TesseraConversationsAutoConfiguration.class))
			.withPropertyValues("tessera.packs.include-classpath=false",
					"tessera.data-dir=target/test-data/autoconfigure-" + UUID.randomUUID())
			.run(context -> {
				assertThat(context).hasSingleBean(AssistantCatalog.class).doesNotHaveBean(ConversationService.class);
				assertThat(context.getBean(AssistantCatalog.class)).isInstanceOf(DefaultAssistantCatalog.class);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnBeans {

		final Router router = new Router() {

			@Override
			public java.util.List<dev.tessera.core.turn.RouteProposal> propose(
					dev.tessera.core.turn.route.RoutingSignals signals) {
				return java.util.List.of(new dev.tessera.core.turn.RouteProposal(
						dev.tessera.core.turn.RouteProposal.Source.DEFAULT, Route.HANDOFF_HUMAN, "always a person"));
			}

			@Override
			public RouteDecision decide(java.util.List<dev.tessera.core.turn.RouteProposal> proposals,
					dev.tessera.core.turn.route.RoutingSignals signals) {
				return new dev.tessera.core.turn.route.RoutePrecedence(false).decide(proposals, java.util.List.of());
			}

		};

		@Bean
		Router myRouter() {
			return this.router;
		}

		@Bean
		AssistantCatalog myCatalog() {
			return new AssistantCatalog() {
				@Override
				public Optional<AssistantDefinition> find(String id) {
					return Optional.empty();
				}

				@Override
				public List<AssistantDefinition> all() {
					return List.of();
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RecordingAuditLog {

		final List<AdminAction> actions = new java.util.concurrent.CopyOnWriteArrayList<>();

		@Bean
		AdminAuditLog adminAuditLog() {
			return this.actions::add;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class LostProperty {

		@Bean
		DomainAssessor lostPropertyAssessor() {
			return new DomainAssessor() {
				@Override
				public String name() {
					return "lost-property";
				}

				@Override
				public java.util.Set<String> settingNames() {
					return java.util.Set.of("desk");
				}

				@Override
				public DomainAssessment assess(AssessmentRequest request) {
					if (!request.message().contains("lost")) {
						return DomainAssessment.proceed("lost-property", "other", List.of(), "", "");
					}
					return DomainAssessment.decide("lost-property", "lost",
							List.of("lost property is kept at the desk; earlier messages: " + request.earlier().size()),
							Route.HANDOFF_HUMAN, "Please ask at " + request.setting("desk", "reception") + ".");
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ExtraRail {

		@Bean
		Rail shoutingRail() {
			return new Rail() {
				@Override
				public String name() {
					return "shouting";
				}

				@Override
				public Verdict check(String text, dev.tessera.guardrails.RailContext context) {
					boolean shouting = text.length() > 3 && text.equals(text.toUpperCase(java.util.Locale.ROOT));
					return shouting ? new Verdict("shouting", true, "all capitals", List.of(), 1, null)
							: Verdict.pass("shouting", "not shouting");
				}
			};
		}

	}


	@Test
	void without_the_domains_module_there_are_no_demo_tools_and_no_demo_tables() {
		this.runner.run(context -> {
			assertThat(context).hasNotFailed();
			assertThat(context.containsBean("orderStatusTool")).isFalse();
			assertThat(context.getBean(dev.tessera.core.tool.ToolRegistry.class).names()).isEmpty();
			// a plug-in's tables come with the plug-in (its schema contribution), never with the core
			assertThat(org.springframework.jdbc.core.simple.JdbcClient.create(context.getBean(javax.sql.DataSource.class))
				.sql("SELECT COUNT(*) FROM information_schema.tables WHERE LOWER(table_name) LIKE 'tessera_demo_%'")
				.query(Integer.class)
				.single()).isZero();
		});
	}

	@Test
	void an_application_tool_becomes_available_to_packs() {
		this.runner.withBean(dev.tessera.core.tool.AssistantTool.class, () -> new dev.tessera.core.tool.AssistantTool() {

			@Override
			public String name() {
				return "room-booking";
			}

			@Override
			public List<String> slots() {
				return List.of("room");
			}

			@Override
			public java.util.Set<String> outcomes() {
				return java.util.Set.of("booked");
			}

			@Override
			public dev.tessera.core.tool.ToolResult invoke(dev.tessera.core.tool.ToolCall call) {
				return dev.tessera.core.tool.ToolResult.resolved("booked", java.util.Map.of(), "booked");
			}

		}).run(context -> assertThat(context.getBean(dev.tessera.core.tool.ToolRegistry.class).names())
			.containsExactly("room-booking"));
	}

}
