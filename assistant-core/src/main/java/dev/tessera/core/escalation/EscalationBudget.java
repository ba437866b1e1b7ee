package dev.tessera.core.escalation;

import java.util.Objects;

/**
 * A tenant's allowance of escalations and tokens per period. An escalation first takes a place in the budget, then
 * either settles it with the tokens it used or releases it when no answer came (a failed call costs nothing).
 */
public interface EscalationBudget {

	/** Takes one escalation from the tenant's budget for the current period, if any is left. */
	Reservation reserve(String tenantId);

	/** Adds the tokens a finished escalation used. */
	void settle(Reservation reservation, long tokens);

	/** Gives back a reservation whose escalation produced no answer. */
	void release(Reservation reservation);

	/** What the tenant has used in the current period. */
	Usage usage(String tenantId);

	/**
	 * @param tenantId the tenant
	 * @param periodKey the period the reservation counts against
	 * @param granted whether a place was available
	 * @param detail why not, when not granted
	 */
	record Reservation(String tenantId, String periodKey, boolean granted, String detail) {

		public Reservation {
			Objects.requireNonNull(tenantId, "tenantId cannot be null");
			Objects.requireNonNull(periodKey, "periodKey cannot be null");
			detail = detail == null ? "" : detail;
		}

	}

	/**
	 * @param escalations escalations answered or under way in the period
	 * @param tokens tokens used in the period
	 * @param maxEscalations the limit, or {@link Long#MAX_VALUE} for none
	 * @param maxTokens the limit, or {@link Long#MAX_VALUE} for none
	 */
	record Usage(long escalations, long tokens, long maxEscalations, long maxTokens) {
	}

}
