package dev.tessera.core.handoff;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.turn.record.TurnRecorder;
import dev.tessera.core.conversation.ConversationRepository;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.webhook.WebhookEvent;
import dev.tessera.core.webhook.WebhookOutbox;

/**
 * Records turns like the recorder it wraps and, in the same transaction, queues every turn routed to a person with
 * the recent conversation as context, redacted: a turn is never recorded as handed off without its queue item.
 */
public final class HandoffQueueingRecorder implements TurnRecorder {

	/** Messages of context given to the person: enough for the thread, little enough to read at a glance. */
	static final int CONTEXT_MESSAGES = 10;

	private final TurnRecorder recorder;

	private final HandoffQueue queue;

	private final ConversationRepository conversations;

	private final ContextRedactor redactor;

	private final TransactionTemplate transactions;

	private final WebhookOutbox outbox;

	public HandoffQueueingRecorder(TurnRecorder recorder, HandoffQueue queue, ConversationRepository conversations,
			ContextRedactor redactor, TransactionTemplate transactions) {
		this(recorder, queue, conversations, redactor, transactions, WebhookOutbox.none());
	}

	/** @param outbox receives {@code handoff.queued}, in the same transaction, for help desks to pick up */
	public HandoffQueueingRecorder(TurnRecorder recorder, HandoffQueue queue, ConversationRepository conversations,
			ContextRedactor redactor, TransactionTemplate transactions, WebhookOutbox outbox) {
		this.recorder = recorder;
		this.queue = queue;
		this.conversations = conversations;
		this.redactor = redactor;
		this.transactions = transactions;
		this.outbox = outbox;
	}

	@Override
	public void record(TurnRequest request, String redactedMessage, TurnResult result) {
		if (result.route() != Route.HANDOFF_HUMAN) {
			this.recorder.record(request, redactedMessage, result);
			return;
		}
		this.transactions.executeWithoutResult(status -> {
			this.recorder.record(request, redactedMessage, result);
			String context = this.conversations.findRecentMessages(request.conversationId(), CONTEXT_MESSAGES)
				.stream()
				.map(message -> message.role().name().toLowerCase(java.util.Locale.ROOT) + ": "
						+ this.redactor.redact(message.content(), result.assistantId()))
				.collect(Collectors.joining("\n"));
			HandoffItem item = this.queue.enqueue(new HandoffQueue.NewHandoff(request.tenantId(),
					request.conversationId(), result.assistantId(), result.turnId(), result.routeReason(), context));
			this.outbox.publish(new WebhookEvent(WebhookEvent.HANDOFF_QUEUED, request.tenantId(),
					Map.of("handoffId", item.id(), "conversationId", item.conversationId(), "assistantId",
							item.assistantId(), "turnId", item.turnId(), "reason", item.reason(), "context",
							item.context(), "state", item.state().name(), "queuedAt", item.updatedAt().toString())));
		});
	}

}
