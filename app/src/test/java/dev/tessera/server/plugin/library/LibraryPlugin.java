package dev.tessera.server.plugin.library;

import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.autoconfigure.web.PluginApi;
import dev.tessera.core.access.Role;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.persistence.SchemaContribution;
import dev.tessera.core.tool.AssistantTool;
import dev.tessera.core.tool.ToolCall;
import dev.tessera.core.tool.ToolResult;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.DomainAssessor;

/**
 * A domain written as a plug-in, everything in its own folder: its tables (a schema contribution with its own
 * migrations), a tool reading them, a domain assessor, its HTTP API with the roles that may use it, and its pack (in the test resources' {@code plugin/library}).
 * Nothing outside the folder knows it exists.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(LoansController.class)
public class LibraryPlugin {

	/** Its API: auditors and reviewers read loans, only librarians (reviewers here) import the catalogue. */
	@Bean
	PluginApi libraryApi() {
		return new PluginApi(LoansController.PATH, Set.of(Role.ADMIN, Role.REVIEWER, Role.AUDITOR),
				Set.of(Role.ADMIN, Role.REVIEWER), true);
	}

	@Bean
	SchemaContribution librarySchema() {
		return new SchemaContribution("test_library", "classpath:plugin/library/db");
	}

	@Bean
	AssistantTool loanLookup(DataSource dataSource) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		return new AssistantTool() {

			@Override
			public String name() {
				return "loan-lookup";
			}

			@Override
			public List<String> slots() {
				return List.of("card");
			}

			@Override
			public Set<String> outcomes() {
				return Set.of("on-loan", "unknown");
			}

			@Override
			public Set<String> fields() {
				return Set.of("title", "due");
			}

			@Override
			public ToolResult invoke(ToolCall call) {
				return jdbc.sql("SELECT title, due FROM test_library_loan WHERE card = ?")
					.param(call.slot("card"))
					.query((rs, row) -> ToolResult.resolved("on-loan",
							Map.of("title", rs.getString("title"), "due", rs.getString("due")), "a loan on this card"))
					.optional()
					.orElseGet(() -> ToolResult.unresolved("unknown", Map.of(), "no loan on this card"));
			}

		};
	}

	@Bean
	DomainAssessor libraryAssessor() {
		return new DomainAssessor() {

			@Override
			public String name() {
				return "library-safety";
			}

			@Override
			public DomainAssessment assess(AssessmentRequest request) {
				if (request.message().toLowerCase(java.util.Locale.ROOT).contains("fire")) {
					return DomainAssessment.decide(name(), "evacuate", List.of("a fire was reported"),
							Route.HANDOFF_HUMAN, "Leave the building by the nearest exit; staff are on their way.");
				}
				return DomainAssessment.proceed(name(), "routine", List.of(), "", "");
			}

		};
	}

}
