package dev.tessera.core.turn.record;

import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;

/**
 * Stage 7: writes a finished turn (the user message, the reply and the audit record) all at once or not at all.
 */
public interface TurnRecorder {

	/**
	 * @param request the turn as asked
	 * @param redactedMessage the user's message after input rails; the only form of it that is stored
	 * @param result the answer
	 */
	void record(TurnRequest request, String redactedMessage, TurnResult result);

}
