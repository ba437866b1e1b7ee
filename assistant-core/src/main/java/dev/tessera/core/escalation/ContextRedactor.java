package dev.tessera.core.escalation;

import java.util.Map;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.stats.CacheStats;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

/**
 * Redacts personal data from text that leaves the assistant (to a large model, into a hand-off queue) with the
 * {@code pii} rail, whatever the assistant's own rail policy says: the policy may allow personal data in a local
 * reply, but it never travels further unredacted.
 * <p>
 * The same messages leave again and again: every hand-off of a conversation carries its last ten messages, and every
 * escalation its history. Each text is redacted once and remembered (a bounded memo, by characters held), so a
 * conversation's later hand-offs scan only its new messages; its hits and misses are the
 * {@code cache.gets{cache=tessera.context-redactions}} metrics.
 */
public final class ContextRedactor implements MeterBinder {

	/** Characters of texts and their redactions held at most (about 16 MB of heap). */
	static final long MEMO_CHARACTERS = 8_000_000;

	/** The metric name of the memo. */
	public static final String CACHE_NAME = "tessera.context-redactions";

	private final Rail pii;

	private final Cache<Key, String> redacted;

	/**
	 * @param pii the rail that finds and replaces personal data (the {@code pii} rail)
	 */
	public ContextRedactor(Rail pii) {
		this(pii, MEMO_CHARACTERS);
	}

	ContextRedactor(Rail pii, long memoCharacters) {
		this.pii = pii;
		this.redacted = Caffeine.newBuilder()
			// upkeep on the calling thread, right away: an eviction is a few map operations, and the bound then holds
			// at every moment rather than once the common pool gets round to it
			.executor(Runnable::run)
			.maximumWeight(memoCharacters)
			.<Key, String>weigher((key, value) -> key.text().length() + (value == key.text() ? 0 : value.length()))
			.recordStats()
			.build();
	}

	public String redact(String text, String assistantId) {
		if (text == null || text.isEmpty()) {
			return text;
		}
		return this.redacted.get(new Key(assistantId, text), key -> {
			Verdict verdict = this.pii.check(text, new RailContext(assistantId, RailContext.Direction.INPUT, Map.of()));
			return verdict.detected() && verdict.rewrittenText() != null ? verdict.rewrittenText() : text;
		});
	}

	/** How often a text was found already redacted. */
	public CacheStats stats() {
		return this.redacted.stats();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		CaffeineCacheMetrics.monitor(registry, this.redacted, CACHE_NAME);
	}

	private record Key(String assistantId, String text) {
	}

}
