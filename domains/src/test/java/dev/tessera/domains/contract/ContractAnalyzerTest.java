package dev.tessera.domains.contract;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.tessera.core.heads.HeadTrainingOptions;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadTrainer;
import dev.tessera.core.heads.TrainingSet;
import dev.tessera.domains.contract.RiskReport.Finding;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The sample contract of the contract-review pack (written with deviations and without a confidentiality clause)
 * through the whole analysis: the real encoder, the clause-type head trained on the pack's examples, the pack's
 * playbook.
 */
class ContractAnalyzerTest {

	static final String NOTICE = "This is not legal advice.";

	static SentenceEncoder encoder;

	static TaskHead head;

	static String contract;

	static RiskReport report;

	@BeforeAll
	static void analyse() throws IOException {
		encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("contracts", 2, 8, Duration.ofSeconds(30)));
		TrainingSet examples;
		try (var in = new ClassPathResource("tessera/packs/contract-review/examples/clause-type.csv").getInputStream()) {
			examples = TrainingSet.fromCsv(in, "clause-type.csv", "text", "label");
		}
		head = new TaskHeadTrainer(encoder).train("clause-type", examples,
				HeadTrainingOptions.defaults()).head();
		contract = new ClassPathResource("tessera/packs/contract-review/samples/services-agreement.txt")
			.getContentAsString(StandardCharsets.UTF_8);
		Playbook playbook = new PlaybookReader().read(
				new ClassPathResource("tessera/packs/contract-review/playbook.yaml"), "contract-review/playbook.yaml");
		ContractAnalyzer analyzer = new ContractAnalyzer(new ClauseSplitter(), () -> head, playbook, NOTICE);
		report = analyzer.analyze(new ContractAnalyzer.Contract("services-agreement.txt", "Master services agreement",
				"ab".repeat(32), contract));
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	@Test
	void every_clause_gets_the_type_it_is() {
		assertThat(report.clauses()).extracting(RiskReport.ClassifiedClause::number, RiskReport.ClassifiedClause::type)
			.contains(tuple("2.1", "payment_terms"), tuple("3.2", "renewal"), tuple("4.1", "termination"),
					tuple("4.2", "termination"), tuple("5.1", "limitation_of_liability"),
					tuple("5.2", "limitation_of_liability"), tuple("6.1", "assignment"), tuple("6.2", "assignment"),
					tuple("7.1", "non_compete"), tuple("8.1", "governing_law"), tuple("9.2", null));
	}

	@Test
	void deviations_are_flagged_with_their_risk_and_a_citation_of_the_clause() {
		assertThat(report.findings()).extracting(f -> f.citation().clause(), Finding::check, Finding::risk)
			.containsExactlyInAnyOrder(tuple("5.2", "data-loss-excluded", RiskLevel.HIGH),
					tuple("6.1", "free-assignment", RiskLevel.HIGH),
					tuple("7.1", "long-non-compete-years", RiskLevel.HIGH),
					tuple("3.2", "renewal-period-years", RiskLevel.MEDIUM),
					tuple("3.2", "short-opt-out-window", RiskLevel.MEDIUM),
					tuple("3.2", "uncapped-renewal-price", RiskLevel.MEDIUM),
					tuple("4.2", "short-convenience-notice", RiskLevel.MEDIUM),
					tuple("4.2", "one-sided-convenience", RiskLevel.MEDIUM),
					tuple("5.1", "cap-above-twelve-months", RiskLevel.MEDIUM),
					tuple("7.1", "non-compete-present", RiskLevel.MEDIUM),
					tuple("8.1", "foreign-law", RiskLevel.MEDIUM), tuple("8.1", "arbitration", RiskLevel.MEDIUM));
		assertThat(report.findings().get(0).risk()).as("highest risk first").isEqualTo(RiskLevel.HIGH);
		for (Finding finding : report.findings()) {
			assertThat(contract.substring(finding.citation().start(), finding.citation().end()))
				.isEqualTo(finding.citation().quote());
		}
		Finding cap = finding("cap-above-twelve-months");
		assertThat(cap.reason()).isEqualTo("The cap counts 24 months of fees; the standard is twelve.");
		assertThat(cap.citation().quote()).startsWith("5.1 The total aggregate liability")
			.endsWith("giving rise to the claim.");
		assertThat(cap.standard()).contains("twelve months");
		assertThat(finding("uncapped-renewal-price").citation().quote())
			.as("the sentence of the clause that holds the deviation")
			.isEqualTo("Renewal periods are charged at the Supplier's then-current list prices.");
		assertThat(finding("short-opt-out-window").reason()).contains("only 15 days ahead");
	}

	@Test
	void a_required_clause_the_contract_lacks_is_missing_and_the_contract_is_high_risk() {
		assertThat(report.missing()).extracting(RiskReport.MissingClause::clauseType, RiskReport.MissingClause::risk)
			.containsExactly(tuple("confidentiality", RiskLevel.HIGH));
		assertThat(report.overallRisk()).isEqualTo(RiskLevel.HIGH);
		assertThat(report.summary().findings()).isEqualTo(12);
		assertThat(report.summary().byRisk().get(RiskLevel.HIGH)).isEqualTo(4);
		assertThat(report.notice()).isEqualTo(NOTICE);
		assertThat(report.head()).isEqualTo("clause-type v0");
	}

	@Test
	void the_report_reads_as_markdown_and_html_with_the_contract_text_escaped() {
		String markdown = RiskReportMarkdown.markdown(report);
		assertThat(markdown).contains("**Overall risk: HIGH**")
			.contains("### HIGH · clause 6.1 · Assignment (`free-assignment`)")
			.contains("> 6.1 The Supplier may assign")
			.contains("**HIGH · Confidentiality**")
			.contains("| 9.2 |");
		String html = RiskReportMarkdown.html(report);
		assertThat(html).startsWith("<!DOCTYPE html>")
			.contains("<table>")
			.contains("<blockquote>")
			.contains("<p>Renewal periods are charged at the Supplier's then-current list prices.</p>")
			.doesNotContain("<script");
		assertThat(RiskReportMarkdown.inline("<script>alert(1)</script> *bold*")).isEqualTo(
				"\\<script\\>alert(1)\\</script\\> \\*bold\\*");
		assertThat(RiskReportMarkdown.inline("7. Term")).as("an ordered list's start").isEqualTo("7\\. Term");
		assertThat(RiskReportMarkdown.inline("# Title")).isEqualTo("\\# Title");
	}

	@Test
	void questions_are_answered_from_the_clause_that_addresses_them() {
		ContractQuestions questions = new ContractQuestions(() -> head, encoder);

		ContractQuestions.Answer law = questions.answer(report, "Which law governs this contract?");
		ContractQuestions.Answer cap = questions.answer(report, "How much can the supplier be liable for at most?");
		ContractQuestions.Answer pets = questions.answer(report, "Are dogs allowed in the office on Fridays?");

		assertThat(law.supported()).isTrue();
		assertThat(law.citations().get(0).clause()).isEqualTo("8.1");
		assertThat(law.answer()).startsWith("Clause 8.1 (Governing Law) says: \"8.1 This Agreement is governed by");
		assertThat(law.askedType()).isEqualTo("governing_law");
		assertThat(cap.citations().get(0).clause()).isIn("5.1", "5.2");
		assertThat(cap.citations()).extracting(ContractQuestions.ClauseCitation::clause).contains("5.1");
		assertThat(pets.supported()).isFalse();
		assertThat(pets.answer()).startsWith("The contract does not seem to address this.");
		assertThat(pets.trail()).anySatisfy(step -> assertThat(step).contains("does not support an answer"));
		for (ContractQuestions.ClauseCitation citation : law.citations()) {
			assertThat(contract.substring(citation.start(), citation.end())).isEqualTo(citation.quote());
		}
	}

	private static Finding finding(String check) {
		return report.findings().stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
	}

}
