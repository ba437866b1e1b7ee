package dev.tessera.server.limits;

import java.time.Duration;

/**
 * Token buckets by key — per API key for its rate, per user name and address for failed sign-ins. Each bucket holds
 * up to {@code capacity} tokens and gets them back evenly over {@code refill}. In memory for one server
 * ({@link LocalTokenBuckets}); in the database when several servers share one, so a limit holds across all of them
 * ({@link JdbcTokenBuckets}).
 */
public interface TokenBuckets {

	/** Takes a token from the key's bucket if it has one. */
	Probe tryConsume(String key, long capacity, Duration refill);

	/** Whether the key's bucket has a token now, without taking it. */
	boolean hasToken(String key, long capacity, Duration refill);

	/**
	 * @param consumed whether a token was taken
	 * @param nanosToWait how long until a token is there again, when none was taken
	 */
	record Probe(boolean consumed, long nanosToWait) {

		/** The wait as whole seconds, rounded up: what {@code Retry-After} says. */
		public long secondsToWait() {
			return Math.max(1, (this.nanosToWait + 999_999_999L) / 1_000_000_000L);
		}

	}

}
