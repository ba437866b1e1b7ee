package dev.tessera.inference.runtime;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Bounds how many inferences run on a model at once, and how many may wait, for how long. Over the bounds a caller
 * gets {@link ModelBusyException} with the numbers, never an unbounded pile-up. Threads inside ONNX Runtime are
 * bounded separately by the session's intra-op thread count.
 */
public final class ConcurrencyGate {

	private final String model;

	private final int maxConcurrent;

	private final int maxWaiting;

	private final Duration maxWait;

	private final Semaphore slots;

	private final AtomicInteger waiting = new AtomicInteger();

	public ConcurrencyGate(String model, int maxConcurrent, int maxWaiting, Duration maxWait) {
		if (maxConcurrent < 1 || maxWaiting < 0) {
			throw new IllegalArgumentException("maxConcurrent must be >= 1 and maxWaiting >= 0");
		}
		this.model = model;
		this.maxConcurrent = maxConcurrent;
		this.maxWaiting = maxWaiting;
		this.maxWait = maxWait;
		this.slots = new Semaphore(maxConcurrent, true);
	}

	public <T> T run(Supplier<T> work) {
		if (!this.slots.tryAcquire()) {
			if (this.waiting.incrementAndGet() > this.maxWaiting) {
				this.waiting.decrementAndGet();
				throw new ModelBusyException("model '" + this.model + "' is busy: " + this.maxConcurrent
						+ " inference(s) running and " + this.maxWaiting + " waiting; try again later");
			}
			try {
				if (!this.slots.tryAcquire(this.maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
					throw new ModelBusyException("model '" + this.model + "' is busy: no free slot within "
							+ this.maxWait.toMillis() + " ms");
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new ModelBusyException("interrupted while waiting for model '" + this.model + "'");
			}
			finally {
				this.waiting.decrementAndGet();
			}
		}
		try {
			return work.get();
		}
		finally {
			this.slots.release();
		}
	}

	/** How many inferences may run at once. */
	public int maxConcurrent() {
		return this.maxConcurrent;
	}

	/** How many callers may wait for a slot. */
	public int maxWaiting() {
		return this.maxWaiting;
	}

	/** How long a caller may wait for a slot. */
	public Duration maxWait() {
		return this.maxWait;
	}

	public int waiting() {
		return this.waiting.get();
	}

	/** How many inferences hold a slot now. */
	public int running() {
		return this.maxConcurrent - this.slots.availablePermits();
	}

}
