package dev.tessera.core.escalation;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.guardrails.pii.PiiPatternRail;

import static org.assertj.core.api.Assertions.assertThat;

class ContextRedactorTest {

	/** The real pii rail, counting how often it is asked. */
	private static final class CountingRail implements Rail {

		private final Rail pii = new PiiPatternRail();

		private final AtomicInteger checks = new AtomicInteger();

		@Override
		public String name() {
			return this.pii.name();
		}

		@Override
		public Verdict check(String text, RailContext context) {
			this.checks.incrementAndGet();
			return this.pii.check(text, context);
		}

	}

	@Test
	void a_text_is_scanned_once_and_its_redaction_remembered() {
		CountingRail rail = new CountingRail();
		ContextRedactor redactor = new ContextRedactor(rail);
		String message = "user: my email is jane.doe@example.com, where is my parcel?";

		String first = redactor.redact(message, "shop");
		String again = redactor.redact(message, "shop");

		assertThat(first).doesNotContain("jane.doe@example.com").isEqualTo(again);
		assertThat(rail.checks).hasValue(1);
		assertThat(redactor.stats().hitCount()).isEqualTo(1);
		assertThat(redactor.redact(message, "triage")).as("another assistant's scan is its own").isEqualTo(first);
		assertThat(rail.checks).hasValue(2);
		assertThat(redactor.redact("where is my parcel?", "shop")).isEqualTo("where is my parcel?");
	}

	@Test
	void the_memo_holds_a_bounded_number_of_characters() {
		CountingRail rail = new CountingRail();
		ContextRedactor redactor = new ContextRedactor(rail, 1_000);
		for (int i = 0; i < 200; i++) {
			redactor.redact("message number " + i + " about order " + (1000 + i), "shop");
		}
		int scans = rail.checks.get();

		redactor.redact("message number 0 about order 1000", "shop");

		assertThat(scans).isEqualTo(200);
		assertThat(rail.checks).as("the oldest texts were let go, so the first is scanned again").hasValue(201);
	}

	@Test
	void its_hits_and_misses_are_metrics() {
		ContextRedactor redactor = new ContextRedactor(new PiiPatternRail());
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		redactor.bindTo(registry);

		redactor.redact("call me on +44 20 7946 0958", "shop");
		redactor.redact("call me on +44 20 7946 0958", "shop");

		assertThat(registry.get("cache.gets").tag("cache", ContextRedactor.CACHE_NAME).tag("result", "hit").functionCounter()
			.count()).isEqualTo(1.0);
		assertThat(registry.get("cache.gets").tag("cache", ContextRedactor.CACHE_NAME).tag("result", "miss")
			.functionCounter().count()).isEqualTo(1.0);
	}

}
