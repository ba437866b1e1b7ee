package dev.tessera.core.turn.understand;

import java.util.Map;
import java.util.Optional;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.heads.HeadPrediction;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.turn.Turn;
import dev.tessera.inference.encoder.EmbeddingMemo;

/**
 * Domain rules first, then the assistant's task head: the first of its heads by name (a pack with one head, such as
 * {@code intent} or {@code urgency}, has exactly that one) labels the message with a calibrated confidence, which the
 * router weighs against the pack's {@code routing.min-head-confidence}. A message the head judges out of scope
 * ("none of these") carries confidence 0, so it is never answered on the head's word. Assistants without heads get
 * what the rules give.
 */
public final class HeadUnderstanding implements QueryUnderstanding {

	private final QueryUnderstanding rules;

	private final TaskHeadService heads;

	public HeadUnderstanding(QueryUnderstanding rules, TaskHeadService heads) {
		this.rules = rules;
		this.heads = heads;
	}

	@Override
	public Understanding understand(AssistantDefinition assistant, String message) {
		return understand(assistant, message, new EmbeddingMemo());
	}

	/** Within a turn the head reads the message's embedding through the turn's vectors. */
	@Override
	public Understanding understand(Turn turn, String message) {
		return understand(turn.assistant(), message, turn.embeddings());
	}

	private Understanding understand(AssistantDefinition assistant, String message, EmbeddingMemo embeddings) {
		Understanding ruled = this.rules.understand(assistant, message);
		Map<String, TaskHead> trained = this.heads.heads(assistant.id());
		if (trained.isEmpty()) {
			return ruled;
		}
		Map.Entry<String, TaskHead> first = trained.entrySet()
			.stream()
			.min(Map.Entry.comparingByKey())
			.orElseThrow();
		// every head predicts (they share the message's embedding): an escalated turn keeps what each thought
		Map<String, HeadPrediction> predictions = new java.util.TreeMap<>();
		trained.forEach((name, head) -> predictions.put(name, head.predict(message, embeddings)));
		HeadPrediction prediction = predictions.get(first.getKey());
		Optional<String> decision = prediction.decision();
		String intent = first.getKey() + "=" + decision.orElse(Understanding.NONE_OF_THESE);
		java.util.OptionalDouble target = assistant.routing().headAccuracyTarget();
		java.util.OptionalDouble fitted = target.isPresent()
				? first.getValue()
					.operatingPoint(target.getAsDouble())
					.map(point -> java.util.OptionalDouble.of(point.threshold()))
					.orElse(java.util.OptionalDouble.empty())
				: java.util.OptionalDouble.empty();
		return new Understanding(ruled.matchedRule(), ruled.matchedPhrase(), Optional.of(intent),
				decision.isPresent() ? prediction.confidence() : 0, Optional.empty(), predictions, fitted);
	}

}
