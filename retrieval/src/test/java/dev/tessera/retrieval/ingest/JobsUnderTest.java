package dev.tessera.retrieval.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** What the ingestion-job tests share: a text upload, and waiting for a job to end. */
final class JobsUnderTest {

	private JobsUnderTest() {
	}

	static IngestionJobs.Upload text(String name, String content) {
		return new IngestionJobs.Upload(name, content.getBytes(StandardCharsets.UTF_8));
	}

	/** The job's status once it is COMPLETED or FAILED; fails after a minute. */
	static IngestionJobs.JobStatus awaitEnd(IngestionJobs jobs, String id) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
		while (System.nanoTime() < deadline) {
			IngestionJobs.JobStatus status = jobs.status(id).orElseThrow();
			if (status.state() == IngestionJobs.State.COMPLETED || status.state() == IngestionJobs.State.FAILED) {
				return status;
			}
			Thread.sleep(20);
		}
		throw new AssertionError("job " + id + " did not finish");
	}

}
