package dev.tessera.inference.decoder;

import java.util.List;
import java.util.Set;

/**
 * What to generate.
 *
 * @param promptTokens the prompt, already tokenized (with BOS if the model wants one)
 * @param maxNewTokens most tokens to generate
 * @param sampling how to choose tokens
 * @param stopTokens ids that end generation (typically EOS); not included in the output
 * @param stopSequences texts that end generation; the output is cut before them
 */
public record GenerationRequest(long[] promptTokens, int maxNewTokens, SamplingOptions sampling, Set<Long> stopTokens,
		List<String> stopSequences) {

	public GenerationRequest {
		if (promptTokens.length == 0) {
			throw new IllegalArgumentException("the prompt needs at least one token (e.g. BOS)");
		}
		if (maxNewTokens < 1) {
			throw new IllegalArgumentException("maxNewTokens must be at least 1, got " + maxNewTokens);
		}
		stopTokens = Set.copyOf(stopTokens);
		stopSequences = List.copyOf(stopSequences);
	}

}
