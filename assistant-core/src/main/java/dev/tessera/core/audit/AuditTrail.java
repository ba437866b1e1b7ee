package dev.tessera.core.audit;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reading the audit trail, turns and operators' actions together, newest first, and checking that it is intact.
 */
public interface AuditTrail {

	/** One page of the matching records, newest first. */
	AuditPage search(AuditQuery query, int page, int size);

	/** The tenant's record with this id (its position in the chain). */
	Optional<AuditEntry> find(String tenantId, long id);

	/**
	 * Hands every matching record to {@code sink}, newest first, reading in batches so that any number of records
	 * can be exported. Records appended after the call began are left out.
	 */
	void forEach(AuditQuery query, Consumer<AuditEntry> sink);

	/** Walks the whole chain (every tenant) in order and recomputes every hash. */
	ChainVerification verify();

}
