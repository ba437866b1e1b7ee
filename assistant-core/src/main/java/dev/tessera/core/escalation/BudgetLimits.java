package dev.tessera.core.escalation;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of one tenant's escalation budget.
 *
 * @param period length of a budget period; periods are aligned to the epoch (a day runs from midnight UTC)
 * @param maxEscalations escalations per period, {@link Long#MAX_VALUE} for no limit
 * @param maxTokens tokens per period, {@link Long#MAX_VALUE} for no limit; an escalation is allowed while the tenant
 * is below the limit, so the last one may overshoot it by its own size
 */
public record BudgetLimits(Duration period, long maxEscalations, long maxTokens) {

	public BudgetLimits {
		Objects.requireNonNull(period, "period cannot be null");
		if (period.toSeconds() < 1) {
			throw new IllegalArgumentException("period must be at least one second, got " + period);
		}
		if (maxEscalations < 0 || maxTokens < 0) {
			throw new IllegalArgumentException(
					"maxEscalations and maxTokens must be >= 0, got " + maxEscalations + ", " + maxTokens);
		}
	}

	public static BudgetLimits unlimited() {
		return new BudgetLimits(Duration.ofDays(1), Long.MAX_VALUE, Long.MAX_VALUE);
	}

}
