package dev.tessera.core.escalation;

/**
 * Asks the large model to answer a turn the small model should not answer alone. Never throws for provider trouble:
 * every way an escalation can fail is an {@link EscalationOutcome.Declined} with the reason, so the turn can go to a
 * person instead of an error page.
 */
public interface Escalator {

	EscalationOutcome escalate(EscalationRequest request);

	/** Whether a large model is configured at all (it may still be over budget or failing). */
	boolean available();

	/** The escalator of a deployment without a large model: every escalation is declined. */
	static Escalator none() {
		return new Escalator() {

			@Override
			public EscalationOutcome escalate(EscalationRequest request) {
				return new EscalationOutcome.Declined(EscalationOutcome.Reason.NOT_CONFIGURED,
						"no large model is configured");
			}

			@Override
			public boolean available() {
				return false;
			}

		};
	}

}
