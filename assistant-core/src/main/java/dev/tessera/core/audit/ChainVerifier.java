package dev.tessera.core.audit;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Walks the audit chain in {@code seq} order across both tables and checks each record: its hash recomputed from its
 * fields equals the stored one, its id is its position, and its {@code prev_hash} is the hash of the record before
 * it. Then the last record must be the one the chain head names, and no record may lie beyond the head.
 * <p>
 * Reads each table in batches ({@code seq > ? ... FETCH FIRST n}) and merges the two, so memory stays bounded
 * whatever the length of the chain. The walk stops at the head as read when it starts: records appended meanwhile
 * are left for the next verification.
 */
final class ChainVerifier {

	static final String HEAD_KIND = "chain-head";

	private final JdbcClient jdbc;

	private final int batchSize;

	ChainVerifier(JdbcClient jdbc, int batchSize) {
		if (batchSize < 1) {
			throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
		}
		this.jdbc = jdbc;
		this.batchSize = batchSize;
	}

	ChainVerification verify() {
		Optional<JdbcAuditChain.Head> found = this.jdbc
			.sql("SELECT last_seq, last_hash FROM tessera_audit_chain_head WHERE id = 1")
			.query((rs, row) -> new JdbcAuditChain.Head(rs.getLong(1), rs.getString(2)))
			.optional();
		if (found.isEmpty()) {
			return ChainVerification.broken(0, new ChainVerification.BrokenRecord(HEAD_KIND, null, 0),
					"the chain head row (tessera_audit_chain_head) is missing");
		}
		JdbcAuditChain.Head head = found.get();
		Cursor turns = new Cursor(AuditRows.TURNS, head.seq());
		Cursor admins = new Cursor(AuditRows.ADMIN_ACTIONS, head.seq());
		String previous = AuditHash.GENESIS;
		long lastSeq = 0;
		long intact = 0;
		while (true) {
			AuditEntry turn = turns.peek();
			AuditEntry admin = admins.peek();
			if (turn == null && admin == null) {
				break;
			}
			AuditEntry record = admin == null || (turn != null && turn.seq() <= admin.seq()) ? turns.take()
					: admins.take();
			Optional<String> damage = damage(record);
			if (damage.isPresent()) {
				return broken(intact, record, damage.get());
			}
			if (!record.prevHash().equals(previous)) {
				// a record whose seq was changed still names its predecessor's hash: name it, not its successor
				Optional<AuditEntry> displaced = successorOf(previous);
				if (displaced.isPresent()) {
					return broken(intact, displaced.get(), damage(displaced.get())
						.orElse("record is out of place: it follows seq " + lastSeq + " but is stored at seq "
								+ displaced.get().seq()));
				}
				return broken(intact, record, "prev_hash does not match previous record");
			}
			previous = record.recordHash();
			lastSeq = record.seq();
			intact++;
		}
		if (lastSeq != head.seq() || !previous.equals(head.hash())) {
			return ChainVerification.broken(intact, new ChainVerification.BrokenRecord(HEAD_KIND, null, head.seq()),
					"the chain head names seq " + head.seq() + " (" + head.hash() + ") but the last record is seq "
							+ lastSeq + " (" + previous + "): records were removed from the end of the chain, "
							+ "or the head was changed");
		}
		Optional<AuditEntry> beyond = first("seq > (SELECT last_seq FROM tessera_audit_chain_head WHERE id = 1)",
				List.of());
		if (beyond.isPresent()) {
			return broken(intact, beyond.get(), "record lies beyond the chain head (seq " + head.seq()
					+ "): it was not appended through the chain");
		}
		return ChainVerification.intact(intact, previous);
	}

	/** What is wrong with a record taken alone: a hash that does not match its fields, or an id not its position. */
	private static Optional<String> damage(AuditEntry record) {
		String computed = AuditHash.of(record);
		if (!computed.equals(record.recordHash())) {
			return Optional.of("hash mismatch: stored " + record.recordHash() + ", computed " + computed);
		}
		if (record.id() != record.seq()) {
			return Optional.of("id " + record.id() + " is not the record's position in the chain (seq "
					+ record.seq() + ")");
		}
		return Optional.empty();
	}

	private Optional<AuditEntry> successorOf(String hash) {
		return first("prev_hash = ?", List.of(hash));
	}

	/** The first record, by seq, in either table that meets the condition; scans, so only for a broken chain. */
	private Optional<AuditEntry> first(String condition, List<Object> params) {
		AuditEntry first = null;
		for (String table : List.of(AuditRows.TURNS, AuditRows.ADMIN_ACTIONS)) {
			Optional<AuditEntry> found = this.jdbc
				.sql("SELECT " + AuditRows.columns(table) + " FROM " + table + " WHERE " + condition
						+ " ORDER BY seq FETCH FIRST 1 ROWS ONLY")
				.params(params)
				.query(AuditRows::entry)
				.optional();
			if (found.isPresent() && (first == null || found.get().seq() < first.seq())) {
				first = found.get();
			}
		}
		return Optional.ofNullable(first);
	}

	private static ChainVerification broken(long intact, AuditEntry record, String reason) {
		return ChainVerification.broken(intact,
				new ChainVerification.BrokenRecord(record.kind().id(), record.id(), record.seq()), reason);
	}

	/** One table's records in seq order, up to the head, a batch at a time. */
	private final class Cursor {

		private final String sql;

		private final long upTo;

		private final ArrayDeque<AuditEntry> buffer = new ArrayDeque<>();

		private long after = Long.MIN_VALUE;

		private boolean exhausted;

		Cursor(String table, long upTo) {
			this.sql = "SELECT " + AuditRows.columns(table) + " FROM " + table
					+ " WHERE seq > ? AND seq <= ? ORDER BY seq FETCH FIRST " + ChainVerifier.this.batchSize
					+ " ROWS ONLY";
			this.upTo = upTo;
		}

		@Nullable AuditEntry peek() {
			if (this.buffer.isEmpty() && !this.exhausted) {
				List<AuditEntry> batch = ChainVerifier.this.jdbc.sql(this.sql)
					.params(this.after, this.upTo)
					.query(AuditRows::entry)
					.list();
				this.exhausted = batch.size() < ChainVerifier.this.batchSize;
				if (!batch.isEmpty()) {
					this.after = batch.getLast().seq();
				}
				this.buffer.addAll(batch);
			}
			return this.buffer.peekFirst();
		}

		AuditEntry take() {
			AuditEntry next = peek();
			if (next == null) {
				throw new IllegalStateException("no record left");
			}
			return this.buffer.removeFirst();
		}

	}

}
