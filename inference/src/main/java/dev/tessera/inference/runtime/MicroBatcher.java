package dev.tessera.inference.runtime;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Dynamic batching: the items of concurrent callers run through the model in one pass. A fixed set of workers takes
 * the oldest waiting request and, in the same pass, every other waiting request that fits in the batch; there is no
 * collection window, so a lone caller's request runs as soon as a worker is free and gains no latency, while under
 * load each pass carries many callers' items and the model's per-item cost falls.
 * <p>
 * Written here because the inference servers that do this (Triton, TorchServe) are separate processes; the model runs
 * in this JVM. The limits are a {@link ConcurrencyGate}'s: as many workers as it lets run at once, at most its
 * {@code maxWaiting} requests waiting, each for at most its {@code maxWait} before a worker takes it; over them the
 * caller gets {@link ModelBusyException}. A request larger than the batch is cut into batch-sized parts submitted one
 * after another, so that a bulk job (an upload's chunks) takes one worker at a time and interactive requests pass
 * between its parts.
 *
 * @param <I> an item (a text)
 * @param <O> its result (a vector)
 */
public final class MicroBatcher<I, O> implements AutoCloseable {

	private final String model;

	private final Function<List<I>, List<O>> pass;

	private final int maxBatch;

	private final boolean shared;

	private final int maxWaiting;

	private final Duration maxWait;

	private final LinkedBlockingQueue<Request<I, O>> queue;

	private final List<Thread> workers = new ArrayList<>();

	private final AtomicLong passes = new AtomicLong();

	private final AtomicLong items = new AtomicLong();

	private volatile boolean closed;

	/**
	 * @param model the model's name, for messages and thread names
	 * @param pass runs items through the model: one result per item, in order; called by one worker at a time per
	 * call, by several workers at once
	 * @param limits the workers (its {@code maxConcurrent}), the waiting requests and how long each may wait
	 * @param maxBatch the most items in one pass
	 * @param shared whether requests share passes; without, each request runs in passes of its own (for a model whose
	 * result for an item depends on the other items of its pass, such as one quantizing activations per pass)
	 */
	public MicroBatcher(String model, Function<List<I>, List<O>> pass, ConcurrencyGate limits, int maxBatch,
			boolean shared) {
		if (maxBatch < 1) {
			throw new IllegalArgumentException("maxBatch must be >= 1");
		}
		this.model = model;
		this.pass = pass;
		this.maxBatch = maxBatch;
		this.shared = shared;
		this.maxWaiting = limits.maxWaiting();
		this.maxWait = limits.maxWait();
		// a worker takes its request off the queue, so the queue holds the waiting ones (and one hand-off at least)
		this.queue = new LinkedBlockingQueue<>(Math.max(1, limits.maxWaiting()));
		for (int i = 0; i < limits.maxConcurrent(); i++) {
			Thread worker = Thread.ofPlatform().daemon().name("tessera-" + model + "-batch-" + i).unstarted(this::work);
			this.workers.add(worker);
			worker.start();
		}
	}

	/** One result per item, in order; the caller waits. */
	public List<O> run(List<I> items) {
		if (items.isEmpty()) {
			return List.of();
		}
		if (items.size() <= this.maxBatch) {
			return submit(items);
		}
		List<O> results = new ArrayList<>(items.size());
		for (int from = 0; from < items.size(); from += this.maxBatch) {
			results.addAll(submit(items.subList(from, Math.min(items.size(), from + this.maxBatch))));
		}
		return results;
	}

	/** Passes run so far, and the items they carried: their ratio is the mean batch. */
	public long passes() {
		return this.passes.get();
	}

	public long items() {
		return this.items.get();
	}

	/** Requests waiting for a worker. */
	public int waiting() {
		return this.queue.size();
	}

	private List<O> submit(List<I> items) {
		if (this.closed) {
			// shutting down: the caller may come back (to this server restarted, or another)
			throw new ModelBusyException("model '" + this.model + "' is closed; the server is shutting down");
		}
		Request<I, O> request = new Request<>(List.copyOf(items), System.nanoTime(), new CompletableFuture<>());
		if (!this.queue.offer(request)) {
			throw new ModelBusyException("model '" + this.model + "' is busy: " + this.workers.size()
					+ " inference(s) running and " + this.maxWaiting + " waiting; try again later");
		}
		try {
			return request.result().get();
		}
		catch (InterruptedException ex) {
			request.result().cancel(false);
			Thread.currentThread().interrupt();
			throw new ModelBusyException("interrupted while waiting for model '" + this.model + "'");
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			throw new IllegalStateException(ex.getCause());
		}
		catch (CancellationException ex) {
			throw new ModelBusyException("model '" + this.model + "' was closed while the request waited");
		}
	}

	private void work() {
		while (!this.closed) {
			Request<I, O> first;
			try {
				first = this.queue.take();
			}
			catch (InterruptedException ex) {
				return;
			}
			List<Request<I, O>> batch = new ArrayList<>();
			int size = admit(first, batch, 0);
			Request<I, O> next;
			while (this.shared && (next = this.queue.peek()) != null && size + next.items().size() <= this.maxBatch) {
				if (this.queue.remove(next)) {
					size = admit(next, batch, size);
				}
			}
			try {
				if (!batch.isEmpty()) {
					runBatch(batch, size);
				}
			}
			catch (Throwable fatal) {
				// an Error in the model: its callers must not wait for ever, and the worker serves on
				batch.forEach(r -> r.result().completeExceptionally(fatal));
			}
		}
	}

	/** Adds a request to the pass unless its caller gave up or it waited too long; returns the pass's item count. */
	private int admit(Request<I, O> request, List<Request<I, O>> batch, int size) {
		if (request.result().isDone()) {
			return size;
		}
		if (System.nanoTime() - request.enqueued() > this.maxWait.toNanos()) {
			request.result().completeExceptionally(new ModelBusyException("model '" + this.model
					+ "' is busy: no free slot within " + this.maxWait.toMillis() + " ms"));
			return size;
		}
		batch.add(request);
		return size + request.items().size();
	}

	private void runBatch(List<Request<I, O>> batch, int size) {
		List<I> all = new ArrayList<>(size);
		batch.forEach(r -> all.addAll(r.items()));
		List<O> results;
		try {
			results = this.pass.apply(all);
		}
		catch (RuntimeException ex) {
			if (batch.size() == 1) {
				batch.getFirst().result().completeExceptionally(ex);
				return;
			}
			// one caller's bad input must not fail the others who shared its pass: each runs alone
			batch.forEach(r -> runBatch(List.of(r), r.items().size()));
			return;
		}
		this.passes.incrementAndGet();
		this.items.addAndGet(size);
		int from = 0;
		for (Request<I, O> request : batch) {
			int to = from + request.items().size();
			request.result().complete(List.copyOf(results.subList(from, to)));
			from = to;
		}
	}

	/** Stops the workers; waiting callers get {@link ModelBusyException}. A pass in flight runs to its end. */
	@Override
	public void close() {
		this.closed = true;
		this.workers.forEach(Thread::interrupt);
		Request<I, O> left;
		while ((left = this.queue.poll()) != null) {
			left.result().cancel(false);
		}
	}

	/**
	 * Waits until every worker has stopped (after {@link #close()}), so that the model a pass runs in may be freed:
	 * freeing it under a pass in native code crashes the process.
	 * @return whether all stopped within the timeout
	 */
	public boolean awaitStopped(java.time.Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		for (Thread worker : this.workers) {
			if (worker == Thread.currentThread()) {
				continue;
			}
			try {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				worker.join(java.time.Duration.ofNanos(left));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
			if (worker.isAlive()) {
				return false;
			}
		}
		return true;
	}

	private record Request<I, O>(List<I> items, long enqueued, CompletableFuture<List<O>> result) {
	}

}
