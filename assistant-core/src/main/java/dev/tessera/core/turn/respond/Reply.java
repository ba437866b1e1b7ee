package dev.tessera.core.turn.respond;

import java.util.List;

import dev.tessera.core.turn.Citation;

/**
 * @param text the reply text
 * @param model what produced it
 * @param citations the passages it relies on
 */
public record Reply(String text, String model, List<Citation> citations) {

	public Reply {
		citations = List.copyOf(citations);
	}

}
