package dev.tessera.core.turn;

/**
 * Answers one user message: input rails, understand, retrieve, route, respond, output rails, audit.
 */
public interface TurnPipeline {

	TurnResult run(TurnRequest request);

}
