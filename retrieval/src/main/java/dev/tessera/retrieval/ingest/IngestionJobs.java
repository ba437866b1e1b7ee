package dev.tessera.retrieval.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs ingestion as jobs: a job is a batch of uploads for one collection, processed in the background one document
 * at a time, with progress and a final status. Documents are independent: a rejected or failing one is recorded and
 * the others go on. One worker (embedding already uses every core) and a bounded queue: past it, submitting is
 * refused rather than piling up. The most recent jobs are kept in memory.
 */
public final class IngestionJobs implements AutoCloseable {

	private static final int KEPT_JOBS = 1000;

	private final DocumentIngester ingester;

	private final ThreadPoolExecutor worker;

	private final Map<String, Job> jobs = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Job> eldest) {
			return size() > KEPT_JOBS;
		}
	});

	public IngestionJobs(DocumentIngester ingester, int maxQueuedJobs) {
		this.ingester = ingester;
		this.worker = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(maxQueuedJobs),
				runnable -> {
					Thread thread = new Thread(runnable, "tessera-ingestion");
					thread.setDaemon(true);
					return thread;
				});
	}

	/** One uploaded file. */
	public record Upload(String fileName, byte[] content) {
	}

	public enum State {

		QUEUED, RUNNING, COMPLETED, FAILED

	}

	public enum Kind {

		/** uploaded documents */
		INGEST,
		/** every archived document of a collection, through the current chunker and encoder */
		REINDEX

	}

	/**
	 * @param done documents processed so far, of {@code total}
	 * @param results one per processed document, in order
	 * @param error why the job failed as a whole, or {@code null}
	 */
	public record JobStatus(String id, Kind kind, String tenant, String collection, State state, int total, int done,
			List<IngestionResult> results, String error, Instant created, Instant finished) {
	}

	/** Queues a job and returns its id; {@link JobQueueFullException} when the queue is full. */
	public String submit(String tenant, String collection, List<Upload> uploads) {
		List<Task> tasks = uploads.stream()
			.map(upload -> new Task(upload.fileName(),
					() -> this.ingester.ingest(tenant, collection, upload.fileName(), upload.content())))
			.toList();
		return enqueue(new Job(UUID.randomUUID().toString(), Kind.INGEST, tenant, collection, tasks));
	}

	/** Queues a re-index of every archived document of the collection; {@link JobQueueFullException} when full. */
	public String submitReindex(String tenant, String collection) {
		List<Task> tasks = this.ingester.archivedDocuments(tenant, collection)
			.stream()
			.map(id -> new Task(id, () -> this.ingester.reindex(tenant, collection, id)))
			.toList();
		return enqueue(new Job(UUID.randomUUID().toString(), Kind.REINDEX, tenant, collection, tasks));
	}

	private String enqueue(Job job) {
		this.jobs.put(job.id, job);
		try {
			this.worker.execute(() -> run(job));
		}
		catch (RejectedExecutionException ex) {
			this.jobs.remove(job.id);
			throw new JobQueueFullException("the ingestion queue is full (" + this.worker.getQueue().size()
					+ " jobs waiting); try again when a job has finished");
		}
		return job.id;
	}

	public Optional<JobStatus> status(String jobId) {
		Job job = this.jobs.get(jobId);
		return job == null ? Optional.empty() : Optional.of(job.status());
	}

	private void run(Job job) {
		job.state = State.RUNNING;
		try {
			for (Task task : job.tasks) {
				if (Thread.currentThread().isInterrupted()) {
					// closing: stop between documents; what is done stays done, the rest is not started
					job.error = "stopped before " + task.documentId() + ": the server is shutting down";
					job.state = State.FAILED;
					return;
				}
				IngestionResult result;
				try {
					result = task.work().get();
				}
				catch (RuntimeException ex) {
					// e.g. the embedding model is busy or the store is down: this document is not stored
					result = new IngestionResult(task.documentId(), IngestionResult.Outcome.REJECTED, 0, null, null,
							task.documentId() + " could not be stored: " + ex.getMessage());
				}
				job.results.add(result);
			}
			job.state = State.COMPLETED;
		}
		catch (RuntimeException ex) {
			job.error = ex.getMessage();
			job.state = State.FAILED;
		}
		finally {
			job.finished = Instant.now();
		}
	}

	/**
	 * Drops waiting jobs, lets the running one finish its current document and waits for it (at most a minute): the
	 * encoder and store it uses are closed right after, and native code must not run on a closed model.
	 */
	@Override
	public void close() {
		this.worker.shutdownNow();
		try {
			this.worker.awaitTermination(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Task(String documentId, Supplier<IngestionResult> work) {
	}

	private static final class Job {

		final String id;

		final Kind kind;

		final String tenant;

		final String collection;

		final List<Task> tasks;

		final List<IngestionResult> results = Collections.synchronizedList(new ArrayList<>());

		final Instant created = Instant.now();

		volatile State state = State.QUEUED;

		volatile String error;

		volatile Instant finished;

		Job(String id, Kind kind, String tenant, String collection, List<Task> tasks) {
			this.id = id;
			this.kind = kind;
			this.tenant = tenant;
			this.collection = collection;
			this.tasks = tasks;
		}

		JobStatus status() {
			List<IngestionResult> done = List.copyOf(this.results);
			return new JobStatus(this.id, this.kind, this.tenant, this.collection, this.state, this.tasks.size(), done.size(),
					done, this.error, this.created, this.finished);
		}

	}

}
