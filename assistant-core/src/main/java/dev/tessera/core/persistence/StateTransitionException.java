package dev.tessera.core.persistence;

/**
 * A change a state machine's row does not allow in the state it is in (claiming a claimed hand-off, deciding a review
 * still being analysed): what {@link StateTransition#apply} answering false becomes, with the state found and a
 * message saying why in the machine's own words.
 */
public class StateTransitionException extends RuntimeException {

	private final String id;

	private final Enum<?> state;

	public StateTransitionException(String id, Enum<?> state, String message) {
		super(message);
		this.id = id;
		this.state = state;
	}

	/** The row's id. */
	public String id() {
		return this.id;
	}

	/** The state the row was found in. */
	public Enum<?> state() {
		return this.state;
	}

}
