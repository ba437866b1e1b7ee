package dev.tessera.core.audit;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends records to the one chain that {@link JdbcAuditLog} (turns) and {@link JdbcAdminAuditLog} (operators'
 * actions) share.
 * <p>
 * An append joins the caller's transaction, or opens one when there is none, and links the record right before that
 * transaction commits: it locks the head row ({@code SELECT ... FOR UPDATE} on {@code tessera_audit_chain_head},
 * which H2 and PostgreSQL both honour), takes the next {@code seq} and the previous hash from it, inserts the record
 * and moves the head. Appends are therefore serialized and the chain cannot fork, and an append costs one locked read
 * and one update besides its insert. Taking the lock last, just before commit, keeps it held for the shortest time
 * and always in the same place: a transaction that also changes other rows (a hand-off queued with its turn, a
 * hand-off claimed with its admin record) has taken those row locks already, so two such transactions cannot wait on
 * each other in opposite orders. A transaction that rolls back appends nothing.
 */
final class JdbcAuditChain {

	/** Inserts one record at its place in the chain. */
	@FunctionalInterface
	interface Link {

		/** Inserts the record at {@code seq} after the record hashed {@code prevHash}; returns the record's hash. */
		String insert(long seq, String prevHash);

	}

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	JdbcAuditChain(JdbcClient jdbc, TransactionTemplate transactions) {
		this.jdbc = jdbc;
		this.transactions = transactions;
	}

	void append(Link link) {
		this.transactions.executeWithoutResult(status -> {
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

					@Override
					public void beforeCommit(boolean readOnly) {
						link(link);
					}

				});
			}
			else {
				link(link);
			}
		});
	}

	private void link(Link link) {
		Head head = this.jdbc.sql("SELECT last_seq, last_hash FROM tessera_audit_chain_head WHERE id = 1 FOR UPDATE")
			.query((rs, row) -> new Head(rs.getLong(1), rs.getString(2)))
			.optional()
			.orElseThrow(() -> new IllegalStateException(
					"the audit chain has no head row (tessera_audit_chain_head): is migration V3 applied?"));
		long seq = head.seq() + 1;
		String hash = link.insert(seq, head.hash());
		this.jdbc.sql("UPDATE tessera_audit_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1")
			.params(seq, hash)
			.update();
	}

	/** The chain's last record, as the head row names it. */
	record Head(long seq, String hash) {
	}

}
