package dev.tessera.core.turn.respond;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.tessera.core.turn.Citation;
import dev.tessera.core.turn.RouteProposal;

/**
 * @param text the reply text
 * @param model what produced it
 * @param citations the passages it relies on
 * @param note how it was produced, for the decision trail (empty for nothing to add)
 * @param proposal the responder's proposal when it could not follow the decision (e.g. the large model did not
 * answer, so a person takes over, and this reply says so); empty when it followed it
 * @param generationConfidence how sure a generative model was of this text; empty for text not generated
 */
public record Reply(String text, String model, List<Citation> citations, String note, Optional<RouteProposal> proposal,
		OptionalDouble generationConfidence) {

	public Reply {
		Objects.requireNonNull(text, "text cannot be null");
		Objects.requireNonNull(model, "model cannot be null");
		citations = List.copyOf(citations);
		note = note == null ? "" : note;
		Objects.requireNonNull(proposal, "proposal cannot be null");
		Objects.requireNonNull(generationConfidence, "generationConfidence cannot be null");
	}

	public Reply(String text, String model, List<Citation> citations) {
		this(text, model, citations, "", Optional.empty(), OptionalDouble.empty());
	}

}
