package dev.tessera.core.turn.understand;

import java.util.Optional;

import dev.tessera.core.assistant.DomainRule;

/**
 * What the understand stage made of a message.
 *
 * @param matchedRule the domain rule the message triggered, if any
 * @param matchedPhrase the phrase that triggered it
 * @param intent the predicted intent, or empty when the assistant has no trained task head
 * @param intentConfidence calibrated confidence of the intent (0 when there is none)
 */
public record Understanding(Optional<DomainRule> matchedRule, String matchedPhrase, Optional<String> intent,
		double intentConfidence) {

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

}
