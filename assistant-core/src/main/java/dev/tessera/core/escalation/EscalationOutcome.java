package dev.tessera.core.escalation;

import java.util.Objects;

/**
 * How an escalation ended.
 */
public sealed interface EscalationOutcome {

	/**
	 * The large model answered.
	 *
	 * @param text its answer
	 * @param model the model that wrote it, as the provider reports it
	 * @param tokens tokens used (prompt and completion), 0 when the provider does not say
	 * @param attempts calls made, retries included
	 */
	record Answered(String text, String model, long tokens, int attempts) implements EscalationOutcome {

		public Answered {
			if (text == null || text.isBlank()) {
				throw new IllegalArgumentException("text cannot be null or empty");
			}
			Objects.requireNonNull(model, "model cannot be null");
		}

	}

	/**
	 * The large model did not answer.
	 *
	 * @param reason why, as a category
	 * @param detail why, in words (no personal data: it goes to the trail)
	 */
	record Declined(Reason reason, String detail) implements EscalationOutcome {

		public Declined {
			Objects.requireNonNull(reason, "reason cannot be null");
			Objects.requireNonNull(detail, "detail cannot be null");
		}

	}

	enum Reason {

		/** No provider is configured. */
		NOT_CONFIGURED,
		/** The tenant's escalation or token budget for the period is spent. */
		OVER_BUDGET,
		/** Recent calls failed too often; the circuit breaker is not letting calls through. */
		CIRCUIT_OPEN,
		/** As many escalations as allowed are already waiting for the large model (the bulkhead is full). */
		BUSY,
		/** No answer within the timeout. */
		TIMEOUT,
		/** The provider answered with an error (e.g. HTTP 5xx) or could not be reached. */
		PROVIDER_ERROR,
		/** The provider answered with something that is not a chat completion, or with no text. */
		MALFORMED_REPLY

	}

}
