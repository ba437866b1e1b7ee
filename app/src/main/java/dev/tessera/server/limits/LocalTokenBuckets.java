package dev.tessera.server.limits;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

/** Token buckets in this server's memory (Bucket4j): for a server that has its data to itself. */
public final class LocalTokenBuckets implements TokenBuckets {

	/** A bound on remembered keys, so a flood of made-up names cannot exhaust memory. */
	private static final int MAX_TRACKED = 100_000;

	private final Map<String, Tracked> buckets = new ConcurrentHashMap<>();

	private record Tracked(Bucket bucket, long capacity) {
	}

	@Override
	public Probe tryConsume(String key, long capacity, Duration refill) {
		if (this.buckets.size() > MAX_TRACKED) {
			// forget the full buckets (nobody used them lately), keep those being limited
			this.buckets.values().removeIf(tracked -> tracked.bucket().getAvailableTokens() >= tracked.capacity());
		}
		ConsumptionProbe probe = bucket(key, capacity, refill).tryConsumeAndReturnRemaining(1);
		return new Probe(probe.isConsumed(), probe.getNanosToWaitForRefill());
	}

	@Override
	public boolean hasToken(String key, long capacity, Duration refill) {
		Tracked tracked = this.buckets.get(key);
		return tracked == null || tracked.bucket().getAvailableTokens() > 0;
	}

	private Bucket bucket(String key, long capacity, Duration refill) {
		return this.buckets.computeIfAbsent(key, k -> new Tracked(Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, refill).build())
			.build(), capacity)).bucket();
	}

}
