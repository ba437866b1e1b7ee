package dev.tessera.domains.contract;

import java.util.List;

/**
 * The playbook's position on one clause type.
 *
 * @param type the clause-type head's label (e.g. {@code limitation_of_liability})
 * @param title how people name it ("Limitation of liability")
 * @param standard the standard position, quoted in findings so the reviewer sees what was expected
 * @param required whether a contract without such a clause is flagged
 * @param missingRisk how risky its absence is (for required types)
 * @param missingReason why its absence matters (for required types)
 * @param checks what is flagged in clauses of this type
 */
record ClauseStandard(String type, String title, String standard, boolean required, RiskLevel missingRisk,
		String missingReason, List<PlaybookCheck> checks) {

	public ClauseStandard {
		if (type == null || !type.matches("[a-z][a-z0-9_]*")) {
			throw new IllegalArgumentException("type must be a head label (lower case, digits, _), was '" + type + "'");
		}
		if (title == null || title.isBlank() || standard == null || standard.isBlank()) {
			throw new IllegalArgumentException("title and standard cannot be blank (type '" + type + "')");
		}
		if (required && (missingRisk == null || missingRisk == RiskLevel.NONE || missingReason == null
				|| missingReason.isBlank())) {
			throw new IllegalArgumentException(
					"a required type needs missing-risk (LOW, MEDIUM or HIGH) and missing-reason (type '" + type + "')");
		}
		checks = checks == null ? List.of() : List.copyOf(checks);
	}

}
