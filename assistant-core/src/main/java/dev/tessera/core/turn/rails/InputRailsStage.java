package dev.tessera.core.turn.rails;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Stage 1: the assistant's input rails on the user's message (redaction, injection, scope, abuse).
 */
public interface InputRailsStage {

	/**
	 * @param vault the turn's placeholder values: redacted values are kept there so that the output rails number
	 * alike and the user's own values can be put back into the reply meant for them
	 */
	RailChainResult check(AssistantDefinition assistant, String message, PlaceholderVault vault);

}
