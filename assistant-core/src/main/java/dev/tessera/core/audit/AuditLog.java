package dev.tessera.core.audit;

import java.util.List;
import java.util.Optional;

/**
 * The append-only audit trail: records are added, never changed.
 */
public interface AuditLog {

	void append(AuditRecord record);

	Optional<AuditRecord> findByTurnId(String turnId);

	/** A conversation's records, oldest first. */
	List<AuditRecord> findByConversation(String conversationId);

}
