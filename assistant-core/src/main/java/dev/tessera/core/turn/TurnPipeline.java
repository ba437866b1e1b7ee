package dev.tessera.core.turn;

/**
 * Answers one user message: input rails, understand, retrieve, route, respond, output rails, audit.
 */
public interface TurnPipeline {

	TurnResult run(TurnRequest request);

	/**
	 * The same turn with its reply streamed: each sentence is released once the output rails have checked it. A
	 * pipeline that cannot stream releases the whole reply at the end. A {@code null} stream is a turn not streamed.
	 */
	default TurnResult run(TurnRequest request, TurnStream stream) {
		TurnResult result = run(request);
		if (stream == null) {
			return result;
		}
		stream.routed(result.route());
		stream.release(result.text());
		return result;
	}

}
