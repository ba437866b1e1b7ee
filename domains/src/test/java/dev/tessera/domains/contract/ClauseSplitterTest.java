package dev.tessera.domains.contract;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClauseSplitterTest {

	private final ClauseSplitter splitter = new ClauseSplitter();

	@Test
	void numbered_paragraphs_are_clauses_under_their_section_and_spans_point_at_the_text() {
		String text = """
				SUPPLY AGREEMENT

				This agreement is made between A and B.

				1. Definitions

				1.1 "Goods" means the goods in Schedule 1.

				1.2 "Day" means a calendar day.

				7. Limitation of Liability

				7.1 Liability is capped at the fees paid in the twelve months before the claim.
				It applies to all claims.

				(a) except fraud;

				(b) except death or personal injury.

				7.2 Neither party is liable for indirect loss.
				""";

		List<Clause> clauses = this.splitter.split(text);

		assertThat(clauses).extracting(Clause::number)
			.containsExactly("SUPPLY AGREEMENT", "1.1", "1.2", "7.1", "7.2");
		assertThat(clauses).extracting(Clause::heading)
			.containsExactly("SUPPLY AGREEMENT", "Definitions", "Definitions", "Limitation of Liability",
					"Limitation of Liability");
		Clause capped = clauses.get(3);
		assertThat(capped.text()).startsWith("7.1 Liability is capped")
			.contains("It applies to all claims.")
			.as("list items continue the clause before them")
			.endsWith("(b) except death or personal injury.");
		for (Clause clause : clauses) {
			assertThat(text.substring(clause.start(), clause.end())).isEqualTo(clause.text());
		}
		assertThat(capped.classifiedText()).startsWith("Limitation of Liability. 7.1");
	}

	@Test
	void unnumbered_paragraphs_are_numbered_after_their_section() {
		String text = """
				Preamble text before any heading.

				12. Governing Law

				This contract is governed by the laws of Ireland.

				The courts of Dublin decide disputes.

				CONFIDENTIALITY

				Each party keeps the other's information secret.
				""";

		List<Clause> clauses = this.splitter.split(text);

		assertThat(clauses).extracting(Clause::number)
			.containsExactly("preamble", "12", "12 \u00b62", "CONFIDENTIALITY");
		assertThat(clauses.get(2).text()).isEqualTo("The courts of Dublin decide disputes.");
		assertThat(clauses.get(3).heading()).isEqualTo("CONFIDENTIALITY");
	}

	@Test
	void an_empty_text_has_no_clauses() {
		assertThat(this.splitter.split("  \n\n ")).isEmpty();
	}

}
