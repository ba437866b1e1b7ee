package dev.tessera.core.audit.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link AuditStatistics} from {@code tessera_audit_record}. Route counts and days are aggregated by the database;
 * percentiles and rail hits are computed here from at most {@value #MAX_ROWS} recent turns, since neither H2 nor
 * PostgreSQL offers the same percentile function and rails are stored as JSON.
 */
public final class JdbcAuditStatistics implements AuditStatistics {

	static final int MAX_ROWS = 50_000;

	private final JdbcClient jdbc;

	private final Clock clock;

	private final JsonMapper json = JsonMapper.builder().build();

	public JdbcAuditStatistics(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public TurnStatistics summarize(String tenantId, @Nullable String assistantId, Duration window) {
		OffsetDateTime now = OffsetDateTime.now(this.clock).withOffsetSameInstant(ZoneOffset.UTC);
		LocalDate first = now.minus(window).toLocalDate().plusDays(1);
		OffsetDateTime since = first.atStartOfDay().atOffset(ZoneOffset.UTC);
		String filter = " WHERE tenant_id = ? AND created_at >= ?" + (assistantId == null ? "" : " AND assistant_id = ?");
		List<Object> params = new ArrayList<>(List.of(tenantId, since));
		if (assistantId != null) {
			params.add(assistantId);
		}

		Map<String, Long> routes = new TreeMap<>();
		this.jdbc.sql("SELECT route, COUNT(*) AS n FROM tessera_audit_record" + filter + " GROUP BY route")
			.params(params)
			.query((rs, row) -> routes.put(rs.getString("route"), rs.getLong("n")))
			.list();

		Map<LocalDate, long[]> perDay = new TreeMap<>();
		for (LocalDate day = first; !day.isAfter(now.toLocalDate()); day = day.plusDays(1)) {
			perDay.put(day, new long[3]);
		}
		List<Long> latencies = new ArrayList<>();
		Map<String, Long> railHits = new LinkedHashMap<>();
		this.jdbc
			.sql("SELECT created_at, route, latency_ms, rails FROM tessera_audit_record" + filter
					+ " ORDER BY created_at DESC")
			.params(params)
			.withMaxRows(MAX_ROWS)
			.query((rs, row) -> {
				LocalDate day = rs.getObject("created_at", OffsetDateTime.class)
					.withOffsetSameInstant(ZoneOffset.UTC)
					.toLocalDate();
				long[] counts = perDay.get(day);
				if (counts != null) {
					counts[0]++;
					String route = rs.getString("route");
					counts[1] += "ESCALATE_LLM".equals(route) ? 1 : 0;
					counts[2] += "HANDOFF_HUMAN".equals(route) ? 1 : 0;
				}
				latencies.add(rs.getLong("latency_ms"));
				countRailHits(rs.getString("rails"), railHits);
				return null;
			})
			.list();

		List<TurnStatistics.Day> days = new ArrayList<>();
		perDay.forEach((day, c) -> days.add(new TurnStatistics.Day(day, c[0], c[1], c[2])));
		Map<String, Long> sortedHits = new LinkedHashMap<>();
		railHits.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Long>comparingByValue().reversed())
			.forEach(e -> sortedHits.put(e.getKey(), e.getValue()));
		long turns = routes.values().stream().mapToLong(Long::longValue).sum();
		return new TurnStatistics(turns, days, routes, sortedHits, latency(latencies));
	}

	private void countRailHits(String railsJson, Map<String, Long> hits) {
		JsonNode rails = this.json.readTree(railsJson);
		for (JsonNode rail : rails) {
			if (rail.path("detected").asBoolean(false)) {
				hits.merge(rail.path("rail").asString(), 1L, Long::sum);
			}
		}
	}

	/** Nearest-rank percentiles. */
	static TurnStatistics.Latency latency(List<Long> values) {
		if (values.isEmpty()) {
			return new TurnStatistics.Latency(0, 0, 0, 0, 0);
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).toArray();
		Arrays.sort(sorted);
		return new TurnStatistics.Latency(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
				sorted[sorted.length - 1]);
	}

	private static long rank(long[] sorted, double p) {
		int index = (int) Math.ceil(p * sorted.length) - 1;
		return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
	}

}
