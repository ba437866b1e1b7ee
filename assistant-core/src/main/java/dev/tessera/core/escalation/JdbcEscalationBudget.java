package dev.tessera.core.escalation;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.function.Function;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The escalation budget in table {@code tessera_escalation_budget}, one row per tenant and period, so every server
 * instance on the database shares it and it survives restarts. A reservation is one conditional {@code UPDATE}, so
 * concurrent turns cannot overspend the escalation limit.
 */
public final class JdbcEscalationBudget implements EscalationBudget {

	private final JdbcClient jdbc;

	private final Function<String, BudgetLimits> limitsByTenant;

	private final Clock clock;

	/**
	 * @param jdbc the database
	 * @param limitsByTenant each tenant's limits
	 * @param clock the time, to find the current period
	 */
	public JdbcEscalationBudget(JdbcClient jdbc, Function<String, BudgetLimits> limitsByTenant, Clock clock) {
		this.jdbc = jdbc;
		this.limitsByTenant = limitsByTenant;
		this.clock = clock;
	}

	@Override
	public Reservation reserve(String tenantId) {
		BudgetLimits limits = this.limitsByTenant.apply(tenantId);
		OffsetDateTime period = periodStart(limits);
		ensureRow(tenantId, period);
		int updated = this.jdbc.sql("""
				UPDATE tessera_escalation_budget SET escalations = escalations + 1
				WHERE tenant_id = ? AND period_start = ? AND escalations < ? AND tokens < ?""")
			.params(tenantId, period, limits.maxEscalations(), limits.maxTokens())
			.update();
		if (updated == 1) {
			return new Reservation(tenantId, period.toString(), true, "");
		}
		Usage usage = usage(tenantId);
		String detail = usage.escalations() >= usage.maxEscalations()
				? String.format(Locale.ROOT, "tenant '%s' has used its %d escalations for the period from %s",
						tenantId, usage.maxEscalations(), period)
				: String.format(Locale.ROOT, "tenant '%s' has used %d of its %d tokens for the period from %s",
						tenantId, usage.tokens(), usage.maxTokens(), period);
		return new Reservation(tenantId, period.toString(), false, detail);
	}

	@Override
	public void settle(Reservation reservation, long tokens) {
		if (!reservation.granted() || tokens <= 0) {
			return;
		}
		this.jdbc
			.sql("UPDATE tessera_escalation_budget SET tokens = tokens + ? WHERE tenant_id = ? AND period_start = ?")
			.params(tokens, reservation.tenantId(), OffsetDateTime.parse(reservation.periodKey()))
			.update();
	}

	@Override
	public void release(Reservation reservation) {
		if (!reservation.granted()) {
			return;
		}
		this.jdbc.sql("""
				UPDATE tessera_escalation_budget SET escalations = escalations - 1
				WHERE tenant_id = ? AND period_start = ? AND escalations > 0""")
			.params(reservation.tenantId(), OffsetDateTime.parse(reservation.periodKey()))
			.update();
	}

	@Override
	public Usage usage(String tenantId) {
		BudgetLimits limits = this.limitsByTenant.apply(tenantId);
		return this.jdbc.sql("""
				SELECT escalations, tokens FROM tessera_escalation_budget WHERE tenant_id = ? AND period_start = ?""")
			.params(tenantId, periodStart(limits))
			.query((rs, row) -> new Usage(rs.getLong("escalations"), rs.getLong("tokens"), limits.maxEscalations(),
					limits.maxTokens()))
			.optional()
			.orElse(new Usage(0, 0, limits.maxEscalations(), limits.maxTokens()));
	}

	private void ensureRow(String tenantId, OffsetDateTime period) {
		try {
			this.jdbc.sql("""
					INSERT INTO tessera_escalation_budget (tenant_id, period_start, escalations, tokens)
					SELECT ?, ?, 0, 0 WHERE NOT EXISTS
					  (SELECT 1 FROM tessera_escalation_budget WHERE tenant_id = ? AND period_start = ?)""")
				.params(tenantId, period, tenantId, period)
				.update();
		}
		catch (DuplicateKeyException ex) {
			// another turn created the row between the check and the insert: it exists, which is all we need
		}
	}

	private OffsetDateTime periodStart(BudgetLimits limits) {
		long seconds = limits.period().toSeconds();
		long now = this.clock.instant().getEpochSecond();
		return OffsetDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(now, seconds) * seconds), ZoneOffset.UTC);
	}

}
