package dev.tessera.retrieval.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import dev.tessera.retrieval.BulkLoad;
import dev.tessera.retrieval.DocumentWriter;

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

	/** How often a running server says its unfinished jobs are alive. */
	static final Duration HEARTBEAT = Duration.ofSeconds(5);

	/** A job whose heartbeat is older than this lost its server: it ends FAILED. */
	static final Duration ABANDONED = Duration.ofSeconds(30);

	private final IngestionJobLog log;

	/** Jobs of at least this many documents load in bulk by default. */
	public static final int DEFAULT_BULK_MIN_DOCUMENTS = 50;

	private final int bulkMinDocuments;

	private final ScheduledExecutorService heartbeat;

	public IngestionJobs(DocumentIngester ingester, int maxQueuedJobs) {
		this(ingester, maxQueuedJobs, IngestionJobLog.none());
	}

	/**
	 * @param log keeps each job's status beyond this process; jobs of a server that died are failed through it
	 */
	public IngestionJobs(DocumentIngester ingester, int maxQueuedJobs, IngestionJobLog log) {
		this(ingester, maxQueuedJobs, log, DEFAULT_BULK_MIN_DOCUMENTS);
	}

	/**
	 * @param bulkMinDocuments a job of at least this many documents is loaded in bulk: its documents become
	 * searchable together when the job ends, with the collection's indexes built once (see
	 * {@link dev.tessera.retrieval.KnowledgeStore#bulkLoad})
	 */
	public IngestionJobs(DocumentIngester ingester, int maxQueuedJobs, IngestionJobLog log, int bulkMinDocuments) {
		this.ingester = ingester;
		this.log = log;
		this.bulkMinDocuments = bulkMinDocuments;
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(runnable -> {
			Thread thread = new Thread(runnable, "tessera-ingestion-heartbeat");
			thread.setDaemon(true);
			return thread;
		});
		this.heartbeat.scheduleWithFixedDelay(this::beat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
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
					into -> this.ingester.ingest(into, tenant, collection, upload.fileName(), upload.content())))
			.toList();
		return enqueue(new Job(UUID.randomUUID().toString(), Kind.INGEST, tenant, collection, tasks));
	}

	/** Queues a re-index of every archived document of the collection; {@link JobQueueFullException} when full. */
	public String submitReindex(String tenant, String collection) {
		List<Task> tasks = this.ingester.archivedDocuments(tenant, collection)
			.stream()
			.map(id -> new Task(id, into -> this.ingester.reindex(into, tenant, collection, id)))
			.toList();
		return enqueue(new Job(UUID.randomUUID().toString(), Kind.REINDEX, tenant, collection, tasks));
	}

	/** Heartbeat for this server's unfinished jobs, and an end for those whose server died. */
	private void beat() {
		try {
			List<String> unfinished;
			synchronized (this.jobs) {
				unfinished = this.jobs.values()
					.stream()
					.filter(job -> job.state == State.QUEUED || job.state == State.RUNNING)
					.map(job -> job.id)
					.toList();
			}
			if (!unfinished.isEmpty()) {
				this.log.heartbeat(unfinished);
			}
			this.log.failAbandoned(ABANDONED);
		}
		catch (RuntimeException ex) {
			// the database may be away for a moment; the next beat tries again
		}
	}

	private void save(Job job) {
		// one save at a time per job, each writing the status as it is then: a later save never writes an older state
		synchronized (job) {
			try {
				this.log.save(job.status());
			}
			catch (RuntimeException ex) {
				// the job goes on; its status is in memory and the next save writes it
			}
		}
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
		save(job);
		return job.id;
	}

	/** The job's status: from memory while this server runs it, else as the log kept it (an earlier run's job). */
	public Optional<JobStatus> status(String jobId) {
		Job job = this.jobs.get(jobId);
		return job == null ? this.log.find(jobId) : Optional.of(job.status());
	}

	private void run(Job job) {
		job.state = State.RUNNING;
		save(job);
		// many documents at once: loaded together and indexed once (see KnowledgeStore#bulkLoad); fewer are each
		// stored, and searchable, as soon as they are processed
		boolean bulk = false;
		BulkLoad load = null;
		try {
			load = job.tasks.size() >= this.bulkMinDocuments ? this.ingester.startBulk(job.tenant, job.collection)
					: null;
			// a store that writes straight through makes each document searchable at once, as without a load
			bulk = load != null && load.searchableAtCommit();
			DocumentWriter into = load != null ? load : this.ingester.store();
			for (Task task : job.tasks) {
				if (Thread.currentThread().isInterrupted()) {
					// closing: stop between documents; what is done stays done, the rest is not started
					job.error = "stopped before " + task.documentId() + ": the server is shutting down"
							+ (bulk ? "; none of this job's documents were made searchable" : "");
					job.state = State.FAILED;
					return;
				}
				IngestionResult result;
				try {
					result = task.work().apply(into);
					result = bulk ? result.inBulk() : result;
				}
				catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
					// e.g. the embedding model is busy or the store is down, or a hostile file broke its parser's
					// stack or memory: this document is not stored, and the job goes on to the next
					result = new IngestionResult(task.documentId(), IngestionResult.Outcome.REJECTED, 0, null, null,
							task.documentId() + " could not be stored: " + (ex instanceof Error
									? "reading it exhausted the server's " + (ex instanceof StackOverflowError ? "stack"
											: "memory")
									: ex.getMessage()));
				}
				job.results.add(result);
				save(job);
			}
			if (load != null) {
				load.commit();
			}
			job.state = State.COMPLETED;
		}
		catch (RuntimeException | Error ex) {
			job.error = (ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage())
					+ (bulk ? "; none of this job's documents were made searchable" : "");
			job.state = State.FAILED;
			if (ex instanceof Error error && !(error instanceof StackOverflowError || error instanceof OutOfMemoryError)) {
				throw error;
			}
		}
		finally {
			if (load != null) {
				load.close();
			}
			if (job.state == State.RUNNING || job.state == State.QUEUED) {
				// whatever ended the run, the job does not stay "running"
				job.state = State.FAILED;
				job.error = job.error == null ? "stopped unexpectedly" : job.error;
			}
			job.finished = Instant.now();
			save(job);
		}
	}

	/**
	 * Drops waiting jobs, lets the running one finish its current document and waits for it (at most a minute): the
	 * encoder and store it uses are closed right after, and native code must not run on a closed model.
	 */
	@Override
	public void close() {
		this.heartbeat.shutdownNow();
		this.worker.shutdownNow();
		try {
			this.worker.awaitTermination(60, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Task(String documentId, java.util.function.Function<DocumentWriter, IngestionResult> work) {
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
