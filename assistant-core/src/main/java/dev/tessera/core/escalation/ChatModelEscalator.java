package dev.tessera.core.escalation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.timelimiter.TimeLimiter;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;

import dev.tessera.core.escalation.EscalationOutcome.Declined;
import dev.tessera.core.escalation.EscalationOutcome.Reason;

/**
 * Escalates to any Spring AI {@link ChatModel} (an OpenAI-compatible server, OpenAI, Anthropic, ...), guarded by
 * Resilience4j: every attempt runs under a {@link TimeLimiter} inside a {@link CircuitBreaker}, and a {@link Retry}
 * repeats failed attempts (never a call the open circuit refused). Before any call the tenant's budget must have room;
 * everything sent is redacted by the {@link ContextRedactor}.
 * <p>
 * Configure the chat model itself without retries of its own, so attempts and the circuit breaker see every call.
 */
public final class ChatModelEscalator implements Escalator, AutoCloseable {

	private final ChatModel model;

	private final String modelName;

	private final EscalationBudget budget;

	private final ContextRedactor redactor;

	private final EscalationSettings settings;

	private final CircuitBreaker circuitBreaker;

	private final Retry retry;

	private final TimeLimiter timeLimiter;

	private final Bulkhead bulkhead;

	// one virtual thread per call: the time limiter needs the call off the turn's thread to stop waiting for it
	private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();

	/**
	 * @param model the large model
	 * @param modelName the name to report when the provider does not name its model
	 * @param budget per-tenant allowance
	 * @param redactor removes personal data from everything sent
	 * @param settings timeout, retry and circuit-breaker settings
	 */
	public ChatModelEscalator(ChatModel model, String modelName, EscalationBudget budget, ContextRedactor redactor,
			EscalationSettings settings) {
		this.model = model;
		this.modelName = modelName;
		this.budget = budget;
		this.redactor = redactor;
		this.settings = settings;
		this.circuitBreaker = CircuitBreaker.of("tessera-escalation", CircuitBreakerConfig.custom()
			.failureRateThreshold(settings.failureRateThreshold())
			.slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
			.slidingWindowSize(settings.slidingWindowSize())
			.minimumNumberOfCalls(settings.minimumCalls())
			.waitDurationInOpenState(settings.openStateWait())
			.permittedNumberOfCallsInHalfOpenState(1)
			.build());
		this.retry = Retry.of("tessera-escalation", RetryConfig.custom()
			.maxAttempts(settings.maxAttempts())
			.waitDuration(settings.retryWait().isZero() ? Duration.ofMillis(1) : settings.retryWait())
			.ignoreExceptions(CallNotPermittedException.class)
			.build());
		// a large model that hangs holds each escalating turn for the timeout: at most this many at once, the rest
		// hand off without waiting, so the turns that do not escalate keep their places and their pace
		this.bulkhead = Bulkhead.of("tessera-escalation", BulkheadConfig.custom()
			.maxConcurrentCalls(settings.maxConcurrent())
			.maxWaitDuration(Duration.ZERO)
			.build());
		this.timeLimiter = TimeLimiter.of(TimeLimiterConfig.custom()
			.timeoutDuration(settings.timeout())
			.cancelRunningFuture(true)
			.build());
	}

	@Override
	public boolean available() {
		return true;
	}

	/** The circuit breaker, for health reporting and metrics. */
	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	@Override
	public EscalationOutcome escalate(EscalationRequest request) {
		if (!this.bulkhead.tryAcquirePermission()) {
			return new Declined(Reason.BUSY, String.format(Locale.ROOT,
					"%d escalations are already waiting for the large model", this.settings.maxConcurrent()));
		}
		try {
			return escalateWithin(request);
		}
		finally {
			this.bulkhead.onComplete();
		}
	}

	private EscalationOutcome escalateWithin(EscalationRequest request) {
		EscalationBudget.Reservation reservation = this.budget.reserve(request.tenantId());
		if (!reservation.granted()) {
			return new Declined(Reason.OVER_BUDGET, reservation.detail());
		}
		Prompt prompt = prompt(request);
		AtomicInteger attempts = new AtomicInteger();
		Callable<ChatResponse> attempt = () -> {
			attempts.incrementAndGet();
			return this.timeLimiter.executeFutureSupplier(() -> this.calls.submit(() -> checked(this.model.call(prompt))));
		};
		try {
			ChatResponse response = Retry.decorateCallable(this.retry,
					CircuitBreaker.decorateCallable(this.circuitBreaker, attempt)).call();
			long tokens = tokens(response);
			this.budget.settle(reservation, tokens);
			String reported = response.getMetadata() == null ? null : response.getMetadata().getModel();
			return new EscalationOutcome.Answered(response.getResult().getOutput().getText().strip(),
					reported == null || reported.isBlank() ? this.modelName : reported, tokens, attempts.get());
		}
		catch (Exception ex) {
			this.budget.release(reservation);
			return declined(ex, attempts.get());
		}
	}

	private Prompt prompt(EscalationRequest request) {
		String assistantId = request.assistantId();
		StringBuilder system = new StringBuilder();
		system.append("You answer for the ")
			.append(request.assistantName())
			.append(" assistant: ")
			.append(request.assistantDescription())
			.append("\nAnswer briefly and only within that scope. If you are not sure, say so rather than guess.")
			.append(" Personal data has been replaced by placeholders such as [EMAIL_1]; leave them as they are.");
		if (!request.passages().isEmpty()) {
			system.append("\n\nReference passages from the assistant's knowledge (use them when they are relevant):");
			for (int i = 0; i < request.passages().size(); i++) {
				system.append("\n[").append(i + 1).append("] ").append(this.redactor.redact(request.passages().get(i),
						assistantId));
			}
		}
		List<Message> messages = new ArrayList<>();
		messages.add(new SystemMessage(system.toString()));
		messages.add(new UserMessage(this.redactor.redact(request.question(), assistantId)));
		return new Prompt(messages);
	}

	private static ChatResponse checked(ChatResponse response) {
		if (response == null || response.getResult() == null || response.getResult().getOutput() == null
				|| response.getResult().getOutput().getText() == null
				|| response.getResult().getOutput().getText().isBlank()) {
			throw new MalformedReplyException("the provider's reply holds no answer text");
		}
		return response;
	}

	private static long tokens(ChatResponse response) {
		Usage usage = response.getMetadata() == null ? null : response.getMetadata().getUsage();
		if (usage == null || usage.getTotalTokens() == null) {
			return 0;
		}
		return Math.max(0, usage.getTotalTokens());
	}

	private Declined declined(Exception ex, int attempts) {
		String tries = attempts == 1 ? "1 attempt" : attempts + " attempts";
		if (ex instanceof CallNotPermittedException) {
			return new Declined(Reason.CIRCUIT_OPEN, String.format(Locale.ROOT,
					"the large model failed too often recently (circuit open for up to %ds)",
					this.settings.openStateWait().toSeconds()));
		}
		if (ex instanceof TimeoutException) {
			return new Declined(Reason.TIMEOUT, String.format(Locale.ROOT, "no answer within %d ms (%s)",
					this.settings.timeout().toMillis(), tries));
		}
		if (ex instanceof MalformedReplyException || isMalformed(ex)) {
			return new Declined(Reason.MALFORMED_REPLY,
					"the provider's reply is not a usable chat completion (" + tries + ")");
		}
		return new Declined(Reason.PROVIDER_ERROR, "the provider failed: " + summary(ex) + " (" + tries + ")");
	}

	/**
	 * Whether the failure is a reply that could not be parsed. Providers' clients wrap their JSON parser's errors in
	 * their own types, which this module does not depend on, so the cause chain is matched by type name.
	 */
	private static boolean isMalformed(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			String name = cause.getClass().getName();
			if (name.contains("InvalidData") || name.contains("JsonParse") || name.contains("MismatchedInput")
					|| name.contains("jackson")) {
				return true;
			}
		}
		return false;
	}

	private static String summary(Throwable ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = ex.getMessage() == null ? root.getClass().getSimpleName() : ex.getMessage();
		// the first line is enough for the trail; provider messages can carry the whole response body
		String firstLine = message.lines().findFirst().orElse("");
		return firstLine.length() > 200 ? firstLine.substring(0, 200) + "..." : firstLine;
	}

	@Override
	public void close() {
		this.calls.shutdownNow();
	}

	/** A reply without an answer: counts as a failed call for the circuit breaker. */
	static final class MalformedReplyException extends RuntimeException {

		MalformedReplyException(String message) {
			super(message);
		}

	}

}
