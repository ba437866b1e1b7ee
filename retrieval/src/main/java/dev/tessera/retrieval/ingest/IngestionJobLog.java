package dev.tessera.retrieval.ingest;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * Where ingestion jobs are kept beyond the process that runs them: a job's status survives a restart, and a job whose
 * server died (no heartbeat) ends {@code FAILED} with the reason instead of staying "running" or vanishing.
 */
public interface IngestionJobLog {

	/** Writes the job's status as it is now (insert or replace), with a fresh heartbeat. */
	void save(IngestionJobs.JobStatus status);

	Optional<IngestionJobs.JobStatus> find(String jobId);

	/** The jobs' server is alive: their heartbeat is now. */
	void heartbeat(Collection<String> jobIds);

	/**
	 * Ends every unfinished job whose heartbeat is older than {@code stale} as {@code FAILED}, saying so; returns how
	 * many.
	 */
	int failAbandoned(Duration stale);

	/** Keeps nothing beyond the process (tests, or a deployment without a database). */
	static IngestionJobLog none() {
		return new IngestionJobLog() {
			@Override
			public void save(IngestionJobs.JobStatus status) {
			}

			@Override
			public Optional<IngestionJobs.JobStatus> find(String jobId) {
				return Optional.empty();
			}

			@Override
			public void heartbeat(Collection<String> jobIds) {
			}

			@Override
			public int failAbandoned(Duration stale) {
				return 0;
			}
		};
	}

}
