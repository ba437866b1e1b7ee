package dev.tessera.core.ingestion;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.MovableClock;
import dev.tessera.retrieval.ingest.IngestionJobs;
import dev.tessera.retrieval.ingest.IngestionResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion jobs kept in the database, on H2 and on PostgreSQL: a status round-trips, a beating job stays as it is,
 * and one whose server stopped beating ends FAILED with its stored documents kept.
 */
public abstract class IngestionJobLogContract {

	protected abstract DataSource dataSource();

	private final MovableClock clock = new MovableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private JdbcIngestionJobLog log;

	@BeforeEach
	void schema() {
		new TesseraSchema(dataSource()).migrate();
		this.log = new JdbcIngestionJobLog(JdbcClient.create(dataSource()), this.clock);
	}

	private static IngestionJobs.JobStatus running(String id, List<IngestionResult> results) {
		return new IngestionJobs.JobStatus(id, IngestionJobs.Kind.INGEST, "tenant-a", "faq", IngestionJobs.State.RUNNING,
				3, results.size(), results, null, Instant.parse("2026-03-01T09:59:00Z"), null);
	}

	@Test
	void a_saved_status_is_found_as_it_was_and_a_later_save_replaces_it() {
		IngestionResult added = new IngestionResult("a.txt", IngestionResult.Outcome.ADDED, 4, "abc", null, "added");
		String id = UUID.randomUUID().toString();
		this.log.save(running(id, List.of()));
		this.log.save(running(id, List.of(added)));

		IngestionJobs.JobStatus found = this.log.find(id).orElseThrow();
		assertThat(found.state()).isEqualTo(IngestionJobs.State.RUNNING);
		assertThat(found.done()).isEqualTo(1);
		assertThat(found.results()).containsExactly(added);
		assertThat(found.tenant()).isEqualTo("tenant-a");
		assertThat(this.log.find(UUID.randomUUID().toString())).isEmpty();
	}

	@Test
	void only_jobs_whose_heartbeat_stopped_end_failed_keeping_what_they_stored() {
		IngestionResult added = new IngestionResult("a.txt", IngestionResult.Outcome.ADDED, 4, "abc", null, "added");
		String alive = UUID.randomUUID().toString();
		String dead = UUID.randomUUID().toString();
		this.log.save(running(alive, List.of()));
		this.log.save(running(dead, List.of(added)));
		this.clock.advance(Duration.ofSeconds(20));
		this.log.heartbeat(List.of(alive));
		this.clock.advance(Duration.ofSeconds(20));

		assertThat(this.log.failAbandoned(Duration.ofSeconds(30))).isPositive();

		IngestionJobs.JobStatus failed = this.log.find(dead).orElseThrow();
		assertThat(failed.state()).isEqualTo(IngestionJobs.State.FAILED);
		assertThat(failed.error()).contains("stopped before it finished");
		assertThat(failed.results()).containsExactly(added);
		assertThat(failed.finished()).isNotNull();
		assertThat(this.log.find(alive).orElseThrow().state()).isEqualTo(IngestionJobs.State.RUNNING);
		assertThat(this.log.failAbandoned(Duration.ofSeconds(30))).as("a failed job is not failed again").isZero();
	}

}
