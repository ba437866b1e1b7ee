package dev.tessera.server.admission;

import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import dev.tessera.autoconfigure.TesseraProperties;
import dev.tessera.server.security.ProblemResponses;

/**
 * Admits chat turns into this instance: {@code tessera.api.turns.max-concurrent} at once, a bounded number waiting
 * for at most {@code max-wait}; the rest get 503 {@code overloaded} with {@code Retry-After} at once. It runs before
 * anything else of the request (authentication included), so that refusing costs next to nothing: under more traffic
 * than the server can take, the accepted turns keep their pace and the others learn at once to come back later,
 * instead of every request waiting and timing out together.
 * <p>
 * Written here rather than with the inference module's model gate: a turn's place is held until its response
 * completes, which for a streamed reply is after the request thread has returned.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class TurnAdmissionFilter extends OncePerRequestFilter {

	private static final Log log = LogFactory.getLog(TurnAdmissionFilter.class);

	private final TesseraProperties.Turns limits;

	private final Semaphore places;

	private final AtomicInteger waiting = new AtomicInteger();

	private final ProblemResponses problems = new ProblemResponses();

	TurnAdmissionFilter(TesseraProperties properties, ObjectProvider<MeterRegistry> meters) {
		this.limits = properties.getApi().getTurns();
		if (this.limits.getMaxConcurrent() < 1 || this.limits.getMaxWaiting() < 0) {
			throw new IllegalArgumentException(
					"tessera.api.turns.max-concurrent must be at least 1 and max-waiting at least 0");
		}
		this.places = new Semaphore(this.limits.getMaxConcurrent(), true);
		meters.ifAvailable(registry -> {
			registry.gauge("tessera.turns.waiting", this.waiting);
			registry.gauge("tessera.turns.running", this.places,
					places -> this.limits.getMaxConcurrent() - places.availablePermits());
		});
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !TurnRequests.isTurn(request);
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String refusal = admit();
		if (refusal != null) {
			log.debug("Refused a turn (overloaded): " + refusal);
			response.setHeader("Retry-After", Integer.toString(this.limits.getRetryAfterSeconds()));
			this.problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "Server busy",
					"The server is answering as many messages as it can (" + refusal + "). Nothing was stored; send"
							+ " the message again after the Retry-After delay.");
			return;
		}
		try {
			chain.doFilter(request, response);
		}
		finally {
			Release.after(request, this.places::release);
		}
	}

	/** Takes a place, waiting if allowed; null when admitted, else why not. */
	private String admit() {
		if (this.places.tryAcquire()) {
			return null;
		}
		if (this.waiting.incrementAndGet() > this.limits.getMaxWaiting()) {
			this.waiting.decrementAndGet();
			return this.limits.getMaxConcurrent() + " in progress and " + this.limits.getMaxWaiting() + " waiting";
		}
		try {
			return this.places.tryAcquire(this.limits.getMaxWait().toMillis(), TimeUnit.MILLISECONDS) ? null
					: "no place within " + this.limits.getMaxWait().toMillis() + " ms";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted while waiting";
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

}
