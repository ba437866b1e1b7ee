package dev.tessera.core.assistant;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;


import dev.tessera.core.text.PhraseMatcher;

/**
 * A domain rule from a pack: when a message contains any of the phrases, the rule proposes its route, which outranks
 * every signal of the small model read before the reply (e.g. a complaint always goes to a person); only stopping
 * input rails, the domain assessor and what is learned about the reply itself outrank it.
 *
 * @param name the rule's name, shown in the decision trail
 * @param anyOf phrases matched case-insensitively on word boundaries
 * @param route the route the rule forces
 * @param reason why, in words a reviewer understands
 * @param reply the reply to send, or empty for the route's default template
 */
public record DomainRule(String name, List<String> anyOf, Route route, String reason, String reply) {

	public DomainRule {
		Objects.requireNonNull(name, "name cannot be null");
		anyOf = anyOf.stream().map(phrase -> phrase.toLowerCase(Locale.ROOT).strip()).toList();
		if (anyOf.isEmpty()) {
			throw new IllegalArgumentException("rule '" + name + "' needs at least one phrase in any-of");
		}
		Objects.requireNonNull(route, "route cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		reply = reply == null ? "" : reply;
	}

	/** The first phrase found in the text, if any. */
	public Optional<String> firstMatch(String text) {
		return PhraseMatcher.firstMatch(this.anyOf, text);
	}

}
