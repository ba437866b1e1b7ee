package dev.tessera.server.security;

import java.time.Duration;

import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import dev.tessera.server.limits.TokenBuckets;

/**
 * Counts failed sign-ins per user name and per client address (token buckets: a failure takes a token, tokens come
 * back over the window) and refuses further attempts while either bucket is empty. An address may fail
 * {@value #ADDRESS_FACTOR} times as often as a user name, since several people may share one (an office's NAT).
 * The buckets are the server's {@link TokenBuckets}: in the database on the postgres profile, so the throttle holds
 * across every instance behind a load balancer.
 */
public final class LoginThrottle {

	static final int ADDRESS_FACTOR = 4;

	private final int maxFailures;

	private final Duration window;

	private final TokenBuckets buckets;

	public LoginThrottle(int maxFailures, Duration window, TokenBuckets buckets) {
		this.maxFailures = maxFailures;
		this.window = window;
		this.buckets = buckets;
	}

	/** Whether a sign-in as this user from this address may be tried now. */
	public boolean allows(String username, String address) {
		return this.buckets.hasToken("signin-user:" + username, this.maxFailures, this.window)
				&& this.buckets.hasToken("signin-addr:" + address, (long) this.maxFailures * ADDRESS_FACTOR,
						this.window);
	}

	public Duration window() {
		return this.window;
	}

	@EventListener
	public void onFailure(AbstractAuthenticationFailureEvent event) {
		String username = event.getAuthentication().getName();
		String address = event.getAuthentication().getDetails() instanceof WebAuthenticationDetails details
				? details.getRemoteAddress() : "unknown";
		this.buckets.tryConsume("signin-user:" + username, this.maxFailures, this.window);
		this.buckets.tryConsume("signin-addr:" + address, (long) this.maxFailures * ADDRESS_FACTOR, this.window);
	}

}
