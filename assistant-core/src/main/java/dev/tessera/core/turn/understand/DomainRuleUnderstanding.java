package dev.tessera.core.turn.understand;

import java.util.Optional;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DomainRule;

/**
 * Evaluates the assistant's domain rules in pack order; the first rule with a matching phrase wins. Assistants
 * without task heads get no intent.
 */
public final class DomainRuleUnderstanding implements QueryUnderstanding {

	@Override
	public Understanding understand(AssistantDefinition assistant, String message) {
		for (DomainRule rule : assistant.rules()) {
			Optional<String> phrase = rule.firstMatch(message);
			if (phrase.isPresent()) {
				return new Understanding(Optional.of(rule), phrase.get(), Optional.empty(), 0);
			}
		}
		return Understanding.nothing();
	}

}
