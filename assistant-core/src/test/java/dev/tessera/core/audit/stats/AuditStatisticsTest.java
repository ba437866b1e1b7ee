package dev.tessera.core.audit.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.audit.AuditRecord;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.persistence.TesseraSchema;

import static org.assertj.core.api.Assertions.assertThat;

class AuditStatisticsTest {

	private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private JdbcAuditLog log;

	private JdbcAuditStatistics statistics;

	@BeforeEach
	void migrate() {
		new TesseraSchema(this.dataSource).migrate();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		this.log = new JdbcAuditLog(jdbc,
				new TransactionTemplate(new DataSourceTransactionManager(this.dataSource)));
		this.statistics = new JdbcAuditStatistics(jdbc, Clock.fixed(NOW, ZoneOffset.UTC));
	}

	private void turn(String tenant, String assistant, String route, long latency, Duration ago, String rails) {
		this.log.append(new AuditRecord(0, UUID.randomUUID().toString(), tenant, assistant, "c-1", route, "why",
				"grounded-template", "in", "out", rails, "[]", "[]", latency,
				OffsetDateTime.ofInstant(NOW.minus(ago), ZoneOffset.UTC)));
	}

	@Test
	void counts_routes_days_rail_hits_and_latency_percentiles_within_the_window_and_tenant() {
		String piiHit = "[{\"rail\":\"pii\",\"direction\":\"input\",\"detected\":true,\"action\":\"REDACT\",\"reason\":\"r\"},"
				+ "{\"rail\":\"prompt-injection\",\"direction\":\"input\",\"detected\":false,\"action\":\"ALLOW\",\"reason\":\"r\"}]";
		String injection = "[{\"rail\":\"prompt-injection\",\"direction\":\"input\",\"detected\":true,\"action\":\"BLOCK\",\"reason\":\"r\"}]";
		for (int i = 1; i <= 100; i++) {
			turn("t", "shop", "ANSWER_LOCAL", i, Duration.ofHours(1), "[]");
		}
		turn("t", "shop", "ESCALATE_LLM", 500, Duration.ofDays(1), piiHit);
		turn("t", "triage", "HANDOFF_HUMAN", 20, Duration.ofDays(2), piiHit);
		turn("t", "shop", "BLOCKED", 3, Duration.ofDays(2), injection);
		turn("t", "shop", "ANSWER_LOCAL", 3, Duration.ofDays(30), "[]"); // outside the window
		turn("other", "shop", "ANSWER_LOCAL", 3, Duration.ofHours(1), piiHit); // another tenant

		TurnStatistics all = this.statistics.summarize("t", null, Duration.ofDays(7));
		assertThat(all.turns()).isEqualTo(103);
		assertThat(all.routes()).containsEntry("ANSWER_LOCAL", 100L)
			.containsEntry("ESCALATE_LLM", 1L)
			.containsEntry("HANDOFF_HUMAN", 1L)
			.containsEntry("BLOCKED", 1L);
		assertThat(all.railHits()).containsExactly(java.util.Map.entry("pii", 2L),
				java.util.Map.entry("prompt-injection", 1L));
		assertThat(all.days()).hasSize(7);
		assertThat(all.days().getLast()).isEqualTo(new TurnStatistics.Day(LocalDate.parse("2026-03-10"), 100, 0, 0));
		assertThat(all.days().get(5)).isEqualTo(new TurnStatistics.Day(LocalDate.parse("2026-03-09"), 1, 1, 0));
		assertThat(all.days().get(4)).isEqualTo(new TurnStatistics.Day(LocalDate.parse("2026-03-08"), 2, 0, 1));
		assertThat(all.latency().samples()).isEqualTo(103);
		assertThat(all.latency().p50()).isEqualTo(50);
		assertThat(all.latency().p95()).as("nearest rank 98 of 103").isEqualTo(96);
		assertThat(all.latency().max()).isEqualTo(500);

		TurnStatistics triage = this.statistics.summarize("t", "triage", Duration.ofDays(7));
		assertThat(triage.turns()).isEqualTo(1);
		assertThat(triage.routes()).containsOnlyKeys("HANDOFF_HUMAN");
	}

	@Test
	void an_empty_trail_gives_zeros_not_errors() {
		TurnStatistics none = this.statistics.summarize("t", null, Duration.ofDays(3));
		assertThat(none.turns()).isZero();
		assertThat(none.days()).extracting(TurnStatistics.Day::turns).containsExactly(0L, 0L, 0L);
		assertThat(none.latency()).isEqualTo(new TurnStatistics.Latency(0, 0, 0, 0, 0));
		assertThat(JdbcAuditStatistics.latency(List.of(7L)).p99()).isEqualTo(7);
	}

}
