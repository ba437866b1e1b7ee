package dev.tessera.core.audit.stats;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What the dashboard shows, computed from the audit trail: turns, route mix, rail hits, latency percentiles and
 * escalations over a recent window.
 */
public interface AuditStatistics {

	/**
	 * @param assistantId one assistant, or null for all of the tenant's
	 * @param window how far back to look, e.g. 14 days
	 */
	TurnStatistics summarize(String tenantId, @Nullable String assistantId, Duration window);

}
