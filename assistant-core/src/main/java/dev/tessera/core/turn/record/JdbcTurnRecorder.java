package dev.tessera.core.turn.record;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.audit.AuditLog;
import dev.tessera.core.audit.AuditRecord;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.ConversationRepository;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the two messages of a turn and its audit record in one database transaction.
 */
public final class JdbcTurnRecorder implements TurnRecorder {

	private static final int MAX_ATTEMPTS = 8;

	private final ConversationRepository conversations;

	private final AuditLog auditLog;

	private final TransactionTemplate transactions;

	private final JsonMapper json = JsonMapper.builder().build();

	public JdbcTurnRecorder(ConversationRepository conversations, AuditLog auditLog,
			TransactionTemplate transactions) {
		this.conversations = conversations;
		this.auditLog = auditLog;
		this.transactions = transactions;
	}

	@Override
	public void record(TurnRequest request, String redactedMessage, TurnResult result) {
		OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
		AuditRecord audit = new AuditRecord(0, result.turnId(), request.tenantId(), result.assistantId(),
				result.conversationId(), result.route().name(), result.routeReason(), result.model(), redactedMessage,
				result.text(), this.json.writeValueAsString(result.rails()),
				this.json.writeValueAsString(result.citations()), this.json.writeValueAsString(result.trail()),
				result.latencyMs(), now);
		// two turns of one conversation recorded at once (a client sending again before the answer) take the same
		// next position: the second one's insert collides, and it takes the position after
		for (int attempt = 1;; attempt++) {
			try {
				append(request, redactedMessage, result, now, audit);
				return;
			}
			catch (org.springframework.dao.DuplicateKeyException ex) {
				if (attempt == MAX_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	private void append(TurnRequest request, String redactedMessage, TurnResult result, OffsetDateTime now,
			AuditRecord audit) {
		this.transactions.executeWithoutResult(status -> {
			int seq = this.conversations.nextSeq(request.conversationId());
			this.conversations.appendMessages(List.of(
					new ChatMessage(request.conversationId(), seq, result.turnId(), ChatMessage.Role.USER,
							redactedMessage, now),
					new ChatMessage(request.conversationId(), seq + 1, result.turnId(), ChatMessage.Role.ASSISTANT,
							result.text(), now)));
			this.auditLog.append(audit);
		});
	}

}
