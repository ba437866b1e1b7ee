package dev.tessera.core.learning;

import java.util.List;
import java.util.Optional;

import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.handoff.HandoffItem;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffState;

/**
 * The hand-off queue it wraps, with each person's reply also kept, redacted, as the answer of the handed-off turn's
 * candidate example: what a person answered is what the assistant may learn from.
 */
public final class LearningHandoffQueue implements HandoffQueue {

	private final HandoffQueue queue;

	private final LearningCandidates candidates;

	private final ContextRedactor redactor;

	public LearningHandoffQueue(HandoffQueue queue, LearningCandidates candidates, ContextRedactor redactor) {
		this.queue = queue;
		this.candidates = candidates;
		this.redactor = redactor;
	}

	@Override
	public HandoffItem enqueue(NewHandoff handoff) {
		return this.queue.enqueue(handoff);
	}

	@Override
	public Optional<HandoffItem> find(String tenantId, String id) {
		return this.queue.find(tenantId, id);
	}

	@Override
	public List<HandoffItem> list(String tenantId, Optional<HandoffState> state, int limit) {
		return this.queue.list(tenantId, state, limit);
	}

	@Override
	public HandoffItem claim(String tenantId, String id, String agent) {
		return this.queue.claim(tenantId, id, agent);
	}

	@Override
	public HandoffItem reply(String tenantId, String id, String agent, String text) {
		HandoffItem item = this.queue.reply(tenantId, id, agent, text);
		this.candidates.answer(tenantId, item.turnId(), LearningCandidate.AnswerSource.PERSON, agent,
				this.redactor.redact(text.strip(), item.assistantId()));
		return item;
	}

	@Override
	public HandoffItem resolve(String tenantId, String id, String agent, String note) {
		return this.queue.resolve(tenantId, id, agent, note);
	}

}
