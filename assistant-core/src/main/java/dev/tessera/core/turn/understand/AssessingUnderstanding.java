package dev.tessera.core.turn.understand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.turn.Turn;

/**
 * Adds the judgement of the pack's {@link DomainAssessor} (when its {@code assistant.yaml} names one) to what the
 * wrapped understanding found. Packs without an assessor are understood as before, and their conversations are not
 * read.
 */
public final class AssessingUnderstanding implements QueryUnderstanding {

	private final QueryUnderstanding delegate;

	private final Map<String, DomainAssessor> assessors;

	public AssessingUnderstanding(QueryUnderstanding delegate, List<DomainAssessor> assessors) {
		this.delegate = delegate;
		Map<String, DomainAssessor> byName = new LinkedHashMap<>();
		for (DomainAssessor assessor : assessors) {
			if (byName.putIfAbsent(assessor.name(), assessor) != null) {
				throw new IllegalArgumentException("two domain assessors are named '" + assessor.name() + "'");
			}
		}
		this.assessors = Map.copyOf(byName);
	}

	@Override
	public Understanding understand(AssistantDefinition assistant, String message) {
		return assess(assistant, message, this.delegate.understand(assistant, message), List.of());
	}

	@Override
	public Understanding understand(Turn turn, String message) {
		// only an assessor reads the conversation: the turn loads it then, once
		List<ChatMessage> earlier = turn.assistant().assessor().isPresent() ? turn.history() : List.of();
		return assess(turn.assistant(), message, this.delegate.understand(turn, message), earlier);
	}

	private Understanding assess(AssistantDefinition assistant, String message, Understanding understood,
			List<ChatMessage> earlier) {
		if (assistant.assessor().isEmpty()) {
			return understood;
		}
		AssistantDefinition.Assessor named = assistant.assessor().get();
		DomainAssessor assessor = this.assessors.get(named.name());
		if (assessor == null) {
			// the pack reader refuses unknown names, so this is a wiring mistake, not a user's
			throw new IllegalStateException("assistant '" + assistant.id() + "' names the domain assessor '"
					+ named.name() + "', which this application does not provide; known: "
					+ this.assessors.keySet().stream().sorted().toList());
		}
		return understood
			.withAssessment(assessor.assess(new AssessmentRequest(assistant, message, earlier, named.settings())));
	}

}
