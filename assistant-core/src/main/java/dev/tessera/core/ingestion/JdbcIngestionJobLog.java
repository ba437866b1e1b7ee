package dev.tessera.core.ingestion;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.ingest.IngestionJobLog;
import dev.tessera.retrieval.ingest.IngestionJobs;
import dev.tessera.retrieval.ingest.IngestionResult;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Ingestion jobs in the {@code tessera_ingestion_job} table, shared by every server on the database: any of them
 * answers a job's status, and a job whose server stopped beating is ended FAILED by the next one that looks.
 */
public final class JdbcIngestionJobLog implements IngestionJobLog {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<IngestionResult>> RESULTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final Clock clock;

	public JdbcIngestionJobLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	@Override
	public void save(IngestionJobs.JobStatus status) {
		OffsetDateTime now = now();
		String results = JSON.writeValueAsString(status.results());
		OffsetDateTime finished = status.finished() == null ? null : status.finished().atOffset(ZoneOffset.UTC);
		int updated = this.jdbc.sql("""
				UPDATE tessera_ingestion_job SET state = ?, total = ?, done = ?, results = ?, error = ?, finished_at = ?,
				heartbeat_at = ? WHERE id = ?""")
			.params(status.state().name(), status.total(), status.done(), results, status.error(), finished, now,
					status.id())
			.update();
		if (updated == 0) {
			this.jdbc.sql("""
					INSERT INTO tessera_ingestion_job (id, kind, tenant_id, collection, state, total, done, results, error,
					created_at, finished_at, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(status.id(), status.kind().name(), status.tenant(), status.collection(), status.state().name(),
						status.total(), status.done(), results, status.error(), status.created().atOffset(ZoneOffset.UTC),
						finished, now)
				.update();
		}
	}

	@Override
	public Optional<IngestionJobs.JobStatus> find(String jobId) {
		return this.jdbc.sql("""
				SELECT id, kind, tenant_id, collection, state, total, done, results, error, created_at, finished_at
				FROM tessera_ingestion_job WHERE id = ?""")
			.param(jobId)
			.query(JdbcIngestionJobLog::status)
			.optional();
	}

	@Override
	public void heartbeat(Collection<String> jobIds) {
		OffsetDateTime now = now();
		for (String id : jobIds) {
			this.jdbc.sql("UPDATE tessera_ingestion_job SET heartbeat_at = ? WHERE id = ? AND state IN ('QUEUED', 'RUNNING')")
				.params(now, id)
				.update();
		}
	}

	@Override
	public int failAbandoned(Duration stale) {
		OffsetDateTime now = now();
		return this.jdbc.sql("""
				UPDATE tessera_ingestion_job SET state = 'FAILED', finished_at = ?,
				error = 'the server running this job stopped before it finished (no sign of it since '
				        || CAST(heartbeat_at AS VARCHAR(40)) || '); the documents listed were stored, the others were not:'
				        || ' upload them again'
				WHERE state IN ('QUEUED', 'RUNNING') AND heartbeat_at < ?""")
			.params(now, now.minus(stale))
			.update();
	}

	private OffsetDateTime now() {
		return OffsetDateTime.now(this.clock);
	}

	private static IngestionJobs.JobStatus status(ResultSet rs, int row) throws SQLException {
		OffsetDateTime finished = rs.getObject("finished_at", OffsetDateTime.class);
		return new IngestionJobs.JobStatus(rs.getString("id"), IngestionJobs.Kind.valueOf(rs.getString("kind")),
				rs.getString("tenant_id"), rs.getString("collection"), IngestionJobs.State.valueOf(rs.getString("state")),
				rs.getInt("total"), rs.getInt("done"), JSON.readValue(rs.getString("results"), RESULTS),
				rs.getString("error"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
				finished == null ? null : finished.toInstant());
	}

}
