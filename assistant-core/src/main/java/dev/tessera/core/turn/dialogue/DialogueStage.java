package dev.tessera.core.turn.dialogue;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.Route;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.understand.Understanding;

/**
 * Between understanding and routing: the conversation around the message. Calls the pack's tools (or finds the
 * slots they still need) and reads how the conversation is going (sentiment, unhelpful turns in a row); after the
 * turn, remembers what the next turn needs.
 */
public interface DialogueStage {

	/**
	 * @param request the turn, with the user's text as sent (slot values are read from it, in memory)
	 * @param redactedMessage the text after input rails
	 * @param understanding the intent and domain rules
	 */
	Dialogue read(AssistantDefinition assistant, TurnRequest request, String redactedMessage,
			Understanding understanding);

	/** After the turn: remember slots, the open question and unhelpful turns, given the route finally taken. */
	void conclude(AssistantDefinition assistant, TurnRequest request, Dialogue dialogue, Route route);

	/** No tools and no conversation signals (pipelines built without a dialogue stage). */
	static DialogueStage none() {
		return new DialogueStage() {

			@Override
			public Dialogue read(AssistantDefinition assistant, TurnRequest request, String redactedMessage,
					Understanding understanding) {
				return Dialogue.none();
			}

			@Override
			public void conclude(AssistantDefinition assistant, TurnRequest request, Dialogue dialogue, Route route) {
			}

		};
	}

}
