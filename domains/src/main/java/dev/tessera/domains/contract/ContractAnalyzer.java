package dev.tessera.domains.contract;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.domains.contract.RiskReport.Citation;
import dev.tessera.domains.contract.RiskReport.ClassifiedClause;
import dev.tessera.domains.contract.RiskReport.Finding;
import dev.tessera.domains.contract.RiskReport.MissingClause;
import dev.tessera.inference.text.Sentences;

/**
 * Reviews a contract against a playbook:
 * <ol>
 * <li>split the text into clauses ({@link ClauseSplitter});</li>
 * <li>classify each clause with the clause-type head; a clause the head calls "none of these" has no type;</li>
 * <li>run the playbook's checks of each clause's type; each deviation becomes a finding citing the clause, the span
 * and the quoted sentence (the whole clause when something is absent);</li>
 * <li>report the required types no clause has as missing;</li>
 * <li>the contract's risk is the highest of its findings and missing clauses.</li>
 * </ol>
 * <b>Limitations:</b> the checks are patterns over the clause text: they find what the playbook names and nothing
 * else, and a misclassified clause is judged by the wrong type (the report gives each clause's type and confidence,
 * so a reviewer can see it). The report is a reviewer's starting point, not legal advice.
 */
public final class ContractAnalyzer {

	private final ClauseSplitter splitter;

	private final Supplier<TaskHead> head;

	private final Playbook playbook;

	private final String notice;

	/**
	 * @param head the clause-type head, looked up per analysis so a retrained head is used at once
	 * @param notice the reminder every report carries (the pack's "not legal advice")
	 */
	public ContractAnalyzer(ClauseSplitter splitter, Supplier<TaskHead> head, Playbook playbook, String notice) {
		this.splitter = splitter;
		this.head = head;
		this.playbook = playbook;
		this.notice = notice;
	}

	public Playbook playbook() {
		return this.playbook;
	}

	/** The text of a contract to review, as parsed from its upload. */
	public record Contract(String document, String title, String sha256, String text) {
	}

	public RiskReport analyze(Contract contract) {
		String text = contract.text();
		// 1. split
		List<Clause> clauses = this.splitter.split(text);
		// 2. classify
		TaskHead clauseType = this.head.get();
		List<HeadPrediction> predictions = clauseType.predict(clauses.stream().map(Clause::classifiedText).toList());
		List<ClassifiedClause> classified = new ArrayList<>();
		Map<String, List<Clause>> byType = new LinkedHashMap<>();
		for (int i = 0; i < clauses.size(); i++) {
			Clause clause = clauses.get(i);
			HeadPrediction prediction = predictions.get(i);
			String type = prediction.decision().orElse(null);
			classified.add(new ClassifiedClause(clause.number(), clause.heading(), clause.start(), clause.end(), type,
					round(prediction.confidence()), prediction.ranking().get(0).label(), clause.text()));
			if (type != null) {
				byType.computeIfAbsent(type, t -> new ArrayList<>()).add(clause);
			}
		}
		// 3. checks
		List<Finding> findings = new ArrayList<>();
		byType.forEach((type, ofType) -> this.playbook.standard(type).ifPresent(standard -> {
			for (PlaybookCheck check : standard.checks()) {
				if (check.scope() == PlaybookCheck.Scope.TYPE) {
					if (!check.matchesAny(ofType)) {
						Clause first = ofType.get(0);
						findings.add(finding(standard, check, null,
								new Citation(first.number(), first.start(), first.end(), first.text())));
					}
					continue;
				}
				for (Clause clause : ofType) {
					for (PlaybookCheck.Hit hit : check.check(clause)) {
						findings.add(finding(standard, check, hit.value(), citation(text, clause, hit, check)));
					}
				}
			}
		}));
		findings.sort(Comparator.comparing((Finding f) -> f.risk()).reversed()
			.thenComparingInt(f -> f.citation().start()));
		// 4. missing
		List<MissingClause> missing = this.playbook.required()
			.stream()
			.filter(standard -> !byType.containsKey(standard.type()))
			.map(standard -> new MissingClause(standard.type(), standard.title(), standard.missingRisk(),
					standard.missingReason(), standard.standard()))
			.toList();
		// 5. overall
		List<RiskLevel> levels = new ArrayList<>();
		findings.forEach(f -> levels.add(f.risk()));
		missing.forEach(m -> levels.add(m.risk()));
		Map<RiskLevel, Integer> byRisk = new EnumMap<>(RiskLevel.class);
		for (RiskLevel level : List.of(RiskLevel.HIGH, RiskLevel.MEDIUM, RiskLevel.LOW)) {
			byRisk.put(level, (int) levels.stream().filter(level::equals).count());
		}
		RiskReport.Summary summary = new RiskReport.Summary(clauses.size(),
				(int) classified.stream().filter(c -> c.type() != null).count(), findings.size(), missing.size(),
				byRisk);
		return new RiskReport(contract.document(), contract.title(), contract.sha256(), text.length(),
				this.playbook.source(), this.playbook.sha256(),
				clauseType.spec().name() + " v" + clauseType.spec().version(), RiskLevel.highest(levels), summary,
				classified, findings, missing, this.notice);
	}

	private static Finding finding(ClauseStandard standard, PlaybookCheck check, Double value, Citation citation) {
		return new Finding(standard.type(), standard.title(), check.id(), check.risk(), check.reasonFor(value),
				standard.standard(), citation);
	}

	/**
	 * The sentence of the clause the hit is in (the whole clause for an absent check), as a citation: a reviewer
	 * reads one sentence, not a page.
	 */
	static Citation citation(String text, Clause clause, PlaybookCheck.Hit hit, PlaybookCheck check) {
		if (check.when() == PlaybookCheck.When.ABSENT) {
			return new Citation(clause.number(), clause.start(), clause.end(), clause.text());
		}
		Sentences.Span sentence = Sentences.around(clause.text(), hit.start() - clause.start(),
				hit.end() - clause.start());
		int from = clause.start() + sentence.start();
		int to = clause.start() + sentence.end();
		return new Citation(clause.number(), from, to, text.substring(from, to));
	}

	private static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

}
