package dev.tessera.domains.contract;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What contract review found in one contract: every clause with its type, the clauses that deviate from the
 * playbook (with a citation: clause number, character span and the quoted text), and the required clauses that are
 * missing. Serialized as the review's JSON report; {@link RiskReportMarkdown} renders it for people.
 *
 * @param document the uploaded file's name
 * @param title the document's title
 * @param sha256 of the uploaded bytes
 * @param characters length of the contract's text, which every span points into
 * @param playbook where the playbook was read from
 * @param playbookSha256 of the playbook's text: the positions the contract was judged against
 * @param head the clause-type head and its version, e.g. {@code clause-type v2}
 * @param overallRisk the highest risk among findings and missing clauses
 * @param notice the pack's reminder that this is not legal advice
 */
public record RiskReport(String document, String title, String sha256, int characters, String playbook,
		String playbookSha256, String head, RiskLevel overallRisk, Summary summary, List<ClassifiedClause> clauses,
		List<Finding> findings, List<MissingClause> missing, String notice) {

	public RiskReport {
		clauses = List.copyOf(clauses);
		findings = List.copyOf(findings);
		missing = List.copyOf(missing);
	}

	/**
	 * @param clauses clauses found
	 * @param classified clauses the head gave a type
	 * @param findings deviations found
	 * @param missing required clause types not found
	 * @param byRisk findings and missing clauses per risk level
	 */
	public record Summary(int clauses, int classified, int findings, int missing, Map<RiskLevel, Integer> byRisk) {
	}

	/**
	 * A clause and what the clause-type head made of it.
	 * @param type the type, or null when the head said "none of these" (boilerplate, or a type it does not know)
	 * @param confidence the calibrated probability of the most likely type
	 * @param closest the most likely type even when the head did not stand behind it, to say why a clause has none
	 */
	public record ClassifiedClause(String number, String heading, int start, int end, @Nullable String type,
			double confidence, String closest, String text) {
	}

	/**
	 * A clause that deviates from the playbook.
	 * @param clauseType the clause's type
	 * @param title the type's name in the playbook
	 * @param check the playbook check that flagged it
	 * @param standard the playbook's position, for comparison
	 */
	public record Finding(String clauseType, String title, String check, RiskLevel risk, String reason,
			String standard, Citation citation) {
	}

	/**
	 * Where in the contract a finding is: the clause's number and the span of the quoted text.
	 * @param start offset in the contract's text, inclusive
	 * @param end offset, exclusive
	 * @param quote exactly the contract's text between start and end
	 */
	public record Citation(String clause, int start, int end, String quote) {
	}

	/** A required clause type no clause of the contract has. */
	public record MissingClause(String clauseType, String title, RiskLevel risk, String reason, String standard) {
	}

}
