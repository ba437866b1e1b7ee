package dev.tessera.core.turn.understand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.tessera.core.assistant.DomainRule;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.turn.RouteProposal;

/**
 * What the understand stage made of a message.
 *
 * @param matchedRule the domain rule the message triggered, if any
 * @param matchedPhrase the phrase that triggered it
 * @param intent the predicted intent, or empty when the assistant has no trained task head
 * @param intentConfidence calibrated confidence of the intent (0 when there is none)
 * @param assessment what the pack's domain assessor made of the turn, or empty when the pack names none
 * @param predictions what each of the assistant's task heads predicted, by head name (empty without heads): kept
 * with an escalated turn so that a reviewer sees what the small model thought
 * @param fittedMinConfidence the serving head version's own operating point for the pack's
 * {@code routing.head-accuracy-target}, when the pack sets one; the router uses it instead of a fixed minimum
 */
public record Understanding(Optional<DomainRule> matchedRule, String matchedPhrase, Optional<String> intent,
		double intentConfidence, Optional<DomainAssessment> assessment, Map<String, HeadPrediction> predictions,
		OptionalDouble fittedMinConfidence) {

	public Understanding {
		Objects.requireNonNull(matchedRule, "matchedRule cannot be null");
		Objects.requireNonNull(intent, "intent cannot be null");
		Objects.requireNonNull(assessment, "assessment cannot be null");
		predictions = predictions == null ? Map.of() : Map.copyOf(predictions);
		fittedMinConfidence = fittedMinConfidence == null ? OptionalDouble.empty() : fittedMinConfidence;
	}

	public Understanding(Optional<DomainRule> matchedRule, String matchedPhrase, Optional<String> intent,
			double intentConfidence, Optional<DomainAssessment> assessment) {
		this(matchedRule, matchedPhrase, intent, intentConfidence, assessment, Map.of(), OptionalDouble.empty());
	}

	public Understanding(Optional<DomainRule> matchedRule, String matchedPhrase, Optional<String> intent,
			double intentConfidence) {
		this(matchedRule, matchedPhrase, intent, intentConfidence, Optional.empty());
	}

	/** What the head says a message means, as "label", or empty for no head or "none of these". */
	public Optional<String> intentLabel() {
		return this.intent.map(named -> named.substring(named.indexOf('=') + 1))
			.filter(label -> !label.equals(NONE_OF_THESE));
	}

	/** The label of a head's "none of these" decision in {@link #intent()}. */
	public static final String NONE_OF_THESE = "none of these";

	public static Understanding nothing() {
		return new Understanding(Optional.empty(), "", Optional.empty(), 0);
	}

	/**
	 * What this stage proposes for the route: the domain assessor's decision (when it made one), then the matched
	 * domain rule's.
	 */
	public List<RouteProposal> proposals() {
		List<RouteProposal> proposals = new ArrayList<>();
		this.assessment.flatMap(DomainAssessment::proposal).ifPresent(proposals::add);
		this.matchedRule.ifPresent(rule -> proposals.add(new RouteProposal(RouteProposal.Source.DOMAIN_RULE,
				rule.route(), "domain rule '" + rule.name() + "' matched \"" + this.matchedPhrase + "\": " + rule.reason(),
				rule.route() == Route.ESCALATE_LLM ? "" : rule.reply(), false)));
		return proposals;
	}

	/** The same understanding with the domain assessor's judgement added. */
	public Understanding withAssessment(DomainAssessment domainAssessment) {
		return new Understanding(this.matchedRule, this.matchedPhrase, this.intent, this.intentConfidence,
				Optional.of(domainAssessment), this.predictions, this.fittedMinConfidence);
	}

}
