package dev.tessera.core.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.function.Function;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@link AdminAuditLog} in table {@code tessera_audit_admin_action}, appended to the same chain as the turns (see
 * {@link AuditHash} for the fields hashed). Portable between H2 and PostgreSQL.
 */
public final class JdbcAdminAuditLog implements AdminAuditLog {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final JdbcAuditChain chain;

	private final Clock clock;

	/**
	 * @param transactions joined when the caller has a transaction on the same data source, otherwise used to open
	 * one per record (and one per {@link #recordChange})
	 */
	public JdbcAdminAuditLog(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.chain = new JdbcAuditChain(jdbc, transactions);
		this.clock = clock;
	}

	/** Appends the action, stamped now; inside a transaction the row is written when that transaction commits. */
	@Override
	public void record(AdminAction action) {
		OffsetDateTime at = AuditHash.normalize(OffsetDateTime.now(this.clock));
		this.chain.append((seq, prevHash) -> {
			String hash = AuditHash.sha256Hex(AuditHash.canonicalAdmin(seq, prevHash, action, at));
			this.jdbc.sql("""
					INSERT INTO tessera_audit_admin_action (id, seq, prev_hash, record_hash, tenant_id, actor, action,
					  target, before_state, after_state, created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
				.params(seq, seq, prevHash, hash, action.tenantId(), action.actor(), action.action(), action.target(),
						action.before(), action.after(), at)
				.update();
			return hash;
		});
	}

	/** The change and its record in one transaction (joining the caller's, if any). */
	@Override
	public <T> T recordChange(Supplier<T> change, Function<? super T, AdminAction> action) {
		return this.transactions.execute(status -> {
			T result = change.get();
			record(action.apply(result));
			return result;
		});
	}

}
