package dev.tessera.core.turn.rails;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Stage 1: the assistant's input rails on the user's message (redaction, injection, scope, abuse).
 */
public interface InputRailsStage {

	RailChainResult check(AssistantDefinition assistant, String message);

}
