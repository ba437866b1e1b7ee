package dev.tessera.server.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Counts failed sign-ins per user name and per client address (token buckets: a failure takes a token, tokens come
 * back at the end of the window) and refuses further attempts while either bucket is empty. An address may fail
 * {@value #ADDRESS_FACTOR} times as often as a user name, since several people may share one (an office's NAT).
 * Kept in memory per instance: behind a load balancer each instance throttles on its own.
 */
public final class LoginThrottle {

	/** A bound on remembered keys, so a flood of made-up user names cannot exhaust memory. */
	private static final int MAX_TRACKED = 100_000;

	static final int ADDRESS_FACTOR = 4;

	private final int maxFailures;

	private final Duration window;

	private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

	public LoginThrottle(int maxFailures, Duration window) {
		this.maxFailures = maxFailures;
		this.window = window;
	}

	/** Whether a sign-in as this user from this address may be tried now. */
	public boolean allows(String username, String address) {
		return available("user:" + username) && available("addr:" + address);
	}

	public Duration window() {
		return this.window;
	}

	@EventListener
	public void onFailure(AbstractAuthenticationFailureEvent event) {
		String username = event.getAuthentication().getName();
		String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
				? details.getRemoteAddress() : "unknown";
		if (this.buckets.size() > MAX_TRACKED) {
			// forget whoever has not failed lately (a full bucket), keep those being throttled
			this.buckets.values().removeIf(bucket -> bucket.getAvailableTokens() >= this.maxFailures);
		}
		bucket("user:" + username, this.maxFailures).tryConsume(1);
		bucket("addr:" + address, this.maxFailures * ADDRESS_FACTOR).tryConsume(1);
	}

	private boolean available(String key) {
		Bucket bucket = this.buckets.get(key);
		return bucket == null || bucket.getAvailableTokens() > 0;
	}

	private Bucket bucket(String key, int capacity) {
		return this.buckets.computeIfAbsent(key, k -> Bucket.builder()
			.addLimit(Bandwidth.builder().capacity(capacity).refillIntervally(capacity, this.window).build())
			.build());
	}

}
