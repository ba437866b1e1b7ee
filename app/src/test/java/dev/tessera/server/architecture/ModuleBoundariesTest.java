package dev.tessera.server.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.route.RouteDecision;
import dev.tessera.core.turn.route.RoutePrecedence;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module table of ARCHITECTURE.md, checked on the compiled classes of every module.
 */
class ModuleBoundariesTest {

	private static JavaClasses classes;

	@BeforeAll
	static void importClasses() {
		// tests of other modules arrive as test jars: they may cross packages freely
		classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
			.withImportOption(location -> !location.contains("-tests.jar"))
			.importPackages("dev.tessera");
	}

	@Test
	void modules_do_not_form_cycles() {
		slices().matching("dev.tessera.(*)..").should().beFreeOfCycles().check(classes);
	}

	/**
	 * Inside each module, its top-level packages (a feature each: {@code core.turn}, {@code core.audit}, …) form no
	 * cycle either: a package can be understood from those below it.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "inference", "retrieval", "guardrails", "core", "domains", "admin", "autoconfigure",
			"server" })
	void packages_inside_a_module_do_not_form_cycles(String module) {
		slices().matching("dev.tessera." + module + ".(*)..").should().beFreeOfCycles().allowEmptyShould(true)
			.check(classes);
	}

	@Test
	void only_the_route_package_decides_a_route() {
		noClasses().that()
			.resideOutsideOfPackage("dev.tessera.core.turn.route..")
			.should()
			.callConstructor(RouteDecision.class, dev.tessera.core.assistant.Route.class, String.class, String.class,
					boolean.class, java.util.List.class, RouteProposal.Source.class, java.util.List.class)
			.orShould()
			.callMethod(RoutePrecedence.class, "decide", java.util.List.class, java.util.List.class)
			.because("stages propose routes; one decision step picks among the proposals")
			.check(classes);
	}

	@Test
	void the_core_the_starter_the_console_and_the_server_know_no_domain() {
		noClasses().that()
			.resideInAnyPackage("dev.tessera.core..", "dev.tessera.autoconfigure..", "dev.tessera.admin..",
					"dev.tessera.server..")
			.should()
			.dependOnClassesThat()
			.resideInAPackage("dev.tessera.domains..")
			.because("a domain is a plug-in: it brings its beans, tables, console pages and API through extension"
					+ " points")
			.check(classes);
	}

	@Test
	void inference_knows_nothing_of_domains_http_or_databases() {
		noClasses().that()
			.resideInAPackage("dev.tessera.inference..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.retrieval..", "dev.tessera.guardrails..", "dev.tessera.core..",
					"dev.tessera.domains..", "dev.tessera.server..", "java.sql..", "javax.sql..",
					"org.springframework.web..", "org.springframework.jdbc..", "jakarta.servlet..")
			.check(classes);
	}

	@Test
	void retrieval_knows_nothing_of_guardrails_or_routing() {
		noClasses().that()
			.resideInAPackage("dev.tessera.retrieval..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.guardrails..", "dev.tessera.core..", "dev.tessera.server..")
			.check(classes);
	}

	@Test
	void guardrails_reach_models_only_through_inference() {
		noClasses().that()
			.resideInAPackage("dev.tessera.guardrails..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.retrieval..", "dev.tessera.core..", "dev.tessera.server..",
					"org.springframework.ai.openai..", "org.springframework.ai.anthropic..", "org.springframework.ai.ollama..")
			.check(classes);
	}

	@Test
	void assistant_core_holds_no_domain_rules_and_no_http() {
		noClasses().that()
			.resideInAPackage("dev.tessera.core..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.domains..", "dev.tessera.admin..", "dev.tessera.autoconfigure..",
					"dev.tessera.server..", "dev.tessera.bench..", "org.springframework.web..", "jakarta.servlet..")
			.check(classes);
	}

	@Test
	void nothing_depends_on_the_server_or_the_bench() {
		noClasses().that()
			.resideOutsideOfPackages("dev.tessera.server..", "dev.tessera.bench..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.server..", "dev.tessera.bench..")
			.check(classes);
	}

	@Test
	void the_starter_and_admin_console_do_not_reach_into_the_server() {
		noClasses().that()
			.resideInAnyPackage("dev.tessera.autoconfigure..", "dev.tessera.admin..", "dev.tessera.domains..")
			.should()
			.dependOnClassesThat()
			.resideInAnyPackage("dev.tessera.server..")
			.check(classes);
	}

}
