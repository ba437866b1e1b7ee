package dev.tessera.core.audit;

/**
 * The operators' half of the audit trail: every change made through the API or the console is appended here, in the
 * same tamper-evident chain as the turns.
 */
public interface AdminAuditLog {

	/** Appends one action; joins the caller's transaction when there is one, so the change and its record agree. */
	void record(AdminAction action);

}
