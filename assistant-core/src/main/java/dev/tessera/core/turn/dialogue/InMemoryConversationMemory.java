package dev.tessera.core.turn.dialogue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ConversationMemory} in this JVM's memory: the most recently used conversations, each forgotten after an idle
 * period. Nothing survives a restart, and servers behind a load balancer do not share it: a user whose next message
 * reaches another server (or comes after the idle period) is asked for a personal detail again. Values that are not
 * personal (an order number) are also found in the conversation's stored history, so only personal ones are asked
 * again. A small access-ordered map under a lock: the number of conversations is bounded and the work per turn is a
 * lookup, so a cache library would add nothing.
 */
public final class InMemoryConversationMemory implements ConversationMemory {

	private final int maxConversations;

	private final Duration idle;

	private final Clock clock;

	private final Map<String, Remembered> entries;

	public InMemoryConversationMemory(int maxConversations, Duration idle, Clock clock) {
		if (maxConversations < 1) {
			throw new IllegalArgumentException("maxConversations must be >= 1, got " + maxConversations);
		}
		this.maxConversations = maxConversations;
		this.idle = idle;
		this.clock = clock;
		this.entries = new LinkedHashMap<>(16, 0.75f, true) {

			@Override
			protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
				return size() > InMemoryConversationMemory.this.maxConversations;
			}

		};
	}

	/** 10,000 conversations, each kept 30 minutes after its last turn. */
	public static InMemoryConversationMemory defaults() {
		return new InMemoryConversationMemory(10_000, Duration.ofMinutes(30), Clock.systemUTC());
	}

	@Override
	public synchronized State recall(String conversationId) {
		Remembered entry = this.entries.get(conversationId);
		if (entry == null) {
			return State.empty();
		}
		if (entry.touched().plus(this.idle).isBefore(this.clock.instant())) {
			this.entries.remove(conversationId);
			return State.empty();
		}
		return entry.state();
	}

	@Override
	public synchronized void remember(String conversationId, State state) {
		if (state.isEmpty()) {
			this.entries.remove(conversationId);
		}
		else {
			this.entries.put(conversationId, new Remembered(state, this.clock.instant()));
		}
	}

	@Override
	public synchronized void forget(String conversationId) {
		this.entries.remove(conversationId);
	}

	synchronized int size() {
		return this.entries.size();
	}

	private record Remembered(State state, Instant touched) {
	}

}
