package dev.tessera.server.admission;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tessera.autoconfigure.TesseraProperties;
import dev.tessera.server.security.ApiKeyAuthentication;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.server.limits.TokenBuckets;
import dev.tessera.server.security.ProblemResponses;

/**
 * Limits per caller, once the caller is known (it runs just after the security filters): an API key may start
 * {@code tessera.api.turns.per-key-per-second} turns a second (a token bucket with bursts of as many; shared by every
 * instance on the postgres profile, see {@link TokenBuckets}), a caller without a key (anonymous chat) as many as
 * {@code per-address-per-second} from one client address, and a tenant may have {@code per-tenant-max-concurrent}
 * turns in progress on this instance. Over either the turn gets 429 with
 * {@code Retry-After}, so that one client or one tenant cannot take the whole server from the others.
 */
@Component
@Order(SecurityFilterProperties.DEFAULT_FILTER_ORDER + 1)
class CallerLimitsFilter extends OncePerRequestFilter {

	private final TesseraProperties.Turns limits;

	private final CallerTenant callers;

	private final Map<String, AtomicInteger> inProgress = new ConcurrentHashMap<>();

	private final TokenBuckets buckets;

	private final ProblemResponses problems = new ProblemResponses();

	CallerLimitsFilter(TesseraProperties properties, CallerTenant callers, TokenBuckets buckets) {
		this.limits = properties.getApi().getTurns();
		this.callers = callers;
		this.buckets = buckets;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !TurnRequests.isTurn(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		TokenBuckets.Probe probe = null;
		String limited = null;
		if (authentication instanceof ApiKeyAuthentication key) {
			if (this.limits.getPerKeyPerSecond() > 0) {
				probe = this.buckets.tryConsume("api-key:" + key.key().id(), this.limits.getPerKeyPerSecond(),
						Duration.ofSeconds(1));
				limited = "This API key may send " + this.limits.getPerKeyPerSecond() + " messages a second";
			}
		}
		else if (isAnonymous(authentication) && this.limits.getPerAddressPerSecond() > 0) {
			// the client's address, not a proxy's: Tomcat's RemoteIpValve takes it from X-Forwarded-For when the
			// request comes from a trusted proxy (server.tomcat.remoteip.internal-proxies) and only then
			probe = this.buckets.tryConsume("address:" + request.getRemoteAddr(),
					this.limits.getPerAddressPerSecond(), Duration.ofSeconds(1));
			limited = "One client address may send " + this.limits.getPerAddressPerSecond()
					+ " messages a second without an API key";
		}
		if (probe != null && !probe.consumed()) {
			response.setHeader("Retry-After", Long.toString(probe.secondsToWait()));
			this.problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
					limited + "; send this one again after the Retry-After delay.");
			return;
		}
		String tenant;
		try {
			tenant = this.callers.tenant();
		}
		catch (RuntimeException ex) {
			// the caller's account could not be read (the database is away): the turn itself will say so
			chain.doFilter(request, response);
			return;
		}
		AtomicInteger count = this.inProgress.computeIfAbsent(tenant, t -> new AtomicInteger());
		if (count.incrementAndGet() > this.limits.getPerTenantMaxConcurrent()) {
			count.decrementAndGet();
			response.setHeader("Retry-After", Integer.toString(this.limits.getRetryAfterSeconds()));
			this.problems.write(response, HttpStatus.TOO_MANY_REQUESTS, "tenant-busy", "Too many messages at once",
					"This tenant has " + this.limits.getPerTenantMaxConcurrent()
							+ " messages in progress, as many as it may; send this one again after the Retry-After delay.");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			Release.after(request, count::decrementAndGet);
		}
	}

	private static boolean isAnonymous(Authentication authentication) {
		return authentication == null || authentication instanceof AnonymousAuthenticationToken;
	}

}
