package dev.tessera.core.audit;

import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The operators' half of the audit trail: every change made through the API or the console is appended here, in the
 * same tamper-evident chain as the turns.
 */
public interface AdminAuditLog {

	/** Appends one action; joins the caller's transaction when there is one, so the change and its record agree. */
	void record(AdminAction action);

	/**
	 * Makes a change and records it: the action is described from the change's result and recorded only when the
	 * change succeeded. Implementations on a database run both in one transaction, so a change to that database whose
	 * record cannot be written is undone; this default, without transactions, records after the change.
	 * @param change the change; its exception, if any, propagates and nothing is recorded
	 * @param action the record of the change, from its result
	 * @return the change's result
	 */
	default <T> T recordChange(Supplier<T> change, Function<? super T, AdminAction> action) {
		T result = change.get();
		record(action.apply(result));
		return result;
	}

}
