package dev.tessera.core.escalation;

import java.time.Duration;
import java.util.Objects;

/**
 * How escalation calls are guarded.
 *
 * @param timeout longest wait for one call to the large model
 * @param maxAttempts calls per escalation, the first included (1 = no retry)
 * @param retryWait pause between attempts
 * @param failureRateThreshold percentage of failed calls, within the sliding window, that opens the circuit
 * @param slidingWindowSize calls the failure rate is computed over
 * @param minimumCalls calls needed before the failure rate counts
 * @param openStateWait how long an open circuit refuses calls before letting a trial call through
 */
public record EscalationSettings(Duration timeout, int maxAttempts, Duration retryWait, float failureRateThreshold,
		int slidingWindowSize, int minimumCalls, Duration openStateWait, int maxConcurrent) {

	/**
	 * Escalations in progress at once by default: half the server's default chat-turn places, so a large model that
	 * hangs can hold at most half of them for its timeout.
	 */
	public static final int DEFAULT_MAX_CONCURRENT = 16;

	public EscalationSettings(Duration timeout, int maxAttempts, Duration retryWait, float failureRateThreshold,
			int slidingWindowSize, int minimumCalls, Duration openStateWait) {
		this(timeout, maxAttempts, retryWait, failureRateThreshold, slidingWindowSize, minimumCalls, openStateWait,
				DEFAULT_MAX_CONCURRENT);
	}

	public EscalationSettings {
		if (maxConcurrent < 1) {
			throw new IllegalArgumentException("maxConcurrent must be >= 1, got " + maxConcurrent);
		}
		requirePositive(timeout, "timeout");
		if (maxAttempts < 1) {
			throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
		}
		Objects.requireNonNull(retryWait, "retryWait cannot be null");
		if (retryWait.isNegative()) {
			throw new IllegalArgumentException("retryWait must be >= 0, got " + retryWait);
		}
		if (failureRateThreshold <= 0 || failureRateThreshold > 100) {
			throw new IllegalArgumentException("failureRateThreshold must be within (0, 100], got " + failureRateThreshold);
		}
		if (slidingWindowSize < 1 || minimumCalls < 1) {
			throw new IllegalArgumentException(
					"slidingWindowSize and minimumCalls must be >= 1, got " + slidingWindowSize + ", " + minimumCalls);
		}
		requirePositive(openStateWait, "openStateWait");
	}

	public static EscalationSettings defaults() {
		return new EscalationSettings(Duration.ofSeconds(20), 2, Duration.ofMillis(500), 50, 10, 5,
				Duration.ofSeconds(30));
	}

	private static void requirePositive(Duration value, String name) {
		Objects.requireNonNull(value, name + " cannot be null");
		if (value.isZero() || value.isNegative()) {
			throw new IllegalArgumentException(name + " must be positive, got " + value);
		}
	}

}
