package dev.tessera.core.audit;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The audit chain's behaviour on every supported database: appends from many threads never fork it, and any change
 * made behind the application's back (a field altered, a row deleted, rows reordered, a row slipped in) makes
 * verification name exactly the first broken record. Each test starts from an empty database.
 */
public abstract class AuditChainContract {

	/** Small, so that verification and export cross batch boundaries on a handful of records. */
	static final int BATCH = 3;

	/** A fresh, empty database per test. */
	protected abstract DataSource dataSource();

	private DataSource dataSource;

	JdbcClient jdbc;

	TransactionTemplate transactions;

	JdbcAuditLog turns;

	JdbcAdminAuditLog admin;

	JdbcAuditTrail trail;

	@BeforeEach
	void migrateAndWire() {
		this.dataSource = dataSource();
		new TesseraSchema(this.dataSource).migrate();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.turns = new JdbcAuditLog(this.jdbc, this.transactions);
		this.admin = new JdbcAdminAuditLog(this.jdbc, this.transactions, Clock.systemUTC());
		this.trail = new JdbcAuditTrail(this.jdbc, BATCH);
	}

	static AuditRecord turn(String tenant, String assistant, String route, String railsJson, String input) {
		return new AuditRecord(0, UUID.randomUUID().toString(), tenant, assistant, UUID.randomUUID().toString(), route,
				"because", "grounded-template", input, "We open at 9 am.", railsJson,
				"[{\"documentId\":\"knowledge/hours.md\"}]", "[{\"stage\":\"route\"}]", 12,
				OffsetDateTime.now(ZoneOffset.UTC));
	}

	static AuditRecord turn(String input) {
		return turn("tenant-a", "faq-bot", "ANSWER_LOCAL",
				"[{\"rail\":\"pii\",\"direction\":\"input\",\"detected\":true,\"action\":\"REDACT\",\"reason\":\"1 EMAIL\"}]",
				input);
	}

	static AdminAction action(String target) {
		return new AdminAction("tenant-a", "ana", "handoff.claim", target, "{\"state\":\"OPEN\"}",
				"{\"state\":\"CLAIMED\",\"assignee\":\"ana\"}");
	}

	/** Seq 1 turn, 2 admin, 3 turn, 4 admin, 5 turn, 6 admin, 7 turn. */
	void appendSeven() {
		for (int i = 1; i <= 7; i++) {
			if (i % 2 == 1) {
				this.turns.append(turn("question " + i));
			}
			else {
				this.admin.record(action("handoff/" + i));
			}
		}
	}

	ChainVerification verify() {
		return this.trail.verify();
	}

	void assertBroken(ChainVerification verification, String kind, long id, long seq, String reasonStart) {
		assertThat(verification.valid()).as(verification.toString()).isFalse();
		assertThat(verification.firstBrokenRecord()).isEqualTo(new ChainVerification.BrokenRecord(kind, id, seq));
		assertThat(verification.reason()).startsWith(reasonStart);
		assertThat(verification.lastHash()).isNull();
	}

	@Test
	void an_empty_chain_is_valid() {
		assertThat(verify()).isEqualTo(ChainVerification.intact(0, AuditHash.GENESIS));
	}

	@Test
	void turns_and_admin_actions_form_one_valid_chain() {
		appendSeven();

		ChainVerification verification = verify();

		assertThat(verification.valid()).isTrue();
		assertThat(verification.records()).isEqualTo(7);
		List<Long> seqs = new ArrayList<>();
		String previous = AuditHash.GENESIS;
		for (AuditEntry entry : this.trail.search(AuditQuery.all("tenant-a"), 0, 10).entries().reversed()) {
			seqs.add(entry.seq());
			assertThat(entry.id()).isEqualTo(entry.seq());
			assertThat(entry.prevHash()).isEqualTo(previous);
			assertThat(entry.recordHash()).hasSize(64).isEqualTo(AuditHash.of(entry));
			previous = entry.recordHash();
		}
		assertThat(seqs).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);
		assertThat(verification.lastHash()).isEqualTo(previous);
		assertThat(this.jdbc.sql("SELECT last_seq FROM tessera_audit_chain_head").query(Long.class).single())
			.isEqualTo(7L);
	}

	@Test
	void concurrent_appends_from_many_threads_never_fork_the_chain() throws Exception {
		int threads = 8;
		int perThread = 15;
		AtomicInteger turnCount = new AtomicInteger();
		List<Callable<Void>> work = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			int thread = t;
			work.add(() -> {
				for (int n = 0; n < perThread; n++) {
					int i = n;
					if ((thread + i) % 3 == 0) {
						this.admin.record(action("handoff/" + thread + "-" + i));
					}
					else {
						// a turn the way the recorder writes it: inside a transaction that also does other work
						this.transactions.executeWithoutResult(status -> {
							this.turns.append(turn("thread " + thread + " turn " + i));
							this.jdbc.sql("SELECT count(*) FROM tessera_conversation").query(Long.class).single();
						});
						turnCount.incrementAndGet();
					}
				}
				return null;
			});
		}
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			for (Future<Void> done : pool.invokeAll(work)) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}

		ChainVerification verification = verify();

		assertThat(verification.valid()).as(verification.toString()).isTrue();
		assertThat(verification.records()).isEqualTo(threads * perThread);
		long turnRows = this.jdbc.sql("SELECT count(*) FROM tessera_audit_record").query(Long.class).single();
		assertThat(turnRows).isEqualTo(turnCount.get());
		// one record per position, no gaps: no two appends took the same head
		assertThat(this.jdbc.sql("SELECT count(DISTINCT seq) FROM (SELECT seq FROM tessera_audit_record UNION ALL "
				+ "SELECT seq FROM tessera_audit_admin_action) s").query(Long.class).single())
			.isEqualTo((long) threads * perThread);
		assertThat(this.jdbc.sql("SELECT max(seq) FROM (SELECT seq FROM tessera_audit_record UNION ALL "
				+ "SELECT seq FROM tessera_audit_admin_action) s").query(Long.class).single())
			.isEqualTo((long) threads * perThread);
	}

	@Test
	void a_transaction_that_rolls_back_appends_nothing() {
		appendSeven();

		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.turns.append(turn("never"));
			this.admin.record(action("handoff/never"));
			throw new IllegalStateException("the change failed");
		})).hasMessage("the change failed");
		assertThatThrownBy(() -> this.admin.recordChange(() -> {
			throw new IllegalStateException("the claim failed");
		}, result -> action("handoff/never"))).hasMessage("the claim failed");

		assertThat(verify()).satisfies(v -> {
			assertThat(v.valid()).isTrue();
			assertThat(v.records()).isEqualTo(7);
		});
		assertThat(this.admin.recordChange(() -> "claimed", result -> action("handoff/" + result))).isEqualTo("claimed");
		assertThat(this.trail.search(AuditQuery.all("tenant-a"), 0, 1).entries().getFirst().admin().target())
			.isEqualTo("handoff/claimed");
	}

	@Test
	void a_record_that_cannot_be_stored_undoes_its_transaction() {
		this.turns.append(turn("first"));
		AuditRecord tooLong = new AuditRecord(0, UUID.randomUUID().toString(), "tenant-a", "faq-bot",
				UUID.randomUUID().toString(), "ANSWER_LOCAL", "r", "m".repeat(500), "in", "out", "[]", "[]", "[]", 1,
				OffsetDateTime.now(ZoneOffset.UTC));

		assertThatThrownBy(() -> this.transactions.executeWithoutResult(status -> {
			this.admin.record(action("handoff/x"));
			this.turns.append(tooLong);
		})).isInstanceOf(org.springframework.dao.DataAccessException.class);

		assertThat(verify()).isEqualTo(ChainVerification.intact(1,
				this.jdbc.sql("SELECT record_hash FROM tessera_audit_record").query(String.class).single()));
		assertThat(this.jdbc.sql("SELECT count(*) FROM tessera_audit_admin_action").query(Long.class).single())
			.isZero();
	}

	@ParameterizedTest
	@ValueSource(strings = { "turn_id", "tenant_id", "assistant_id", "conversation_id", "route", "route_reason",
			"model", "input_text", "reply_text", "rails", "citations", "decision_trail", "rails_fired", "latency_ms",
			"created_at", "prev_hash", "record_hash" })
	void altering_any_field_of_a_turn_names_that_turn(String column) {
		appendSeven();

		alter("tessera_audit_record", column, 5);

		assertBroken(verify(), "turn", 5, 5, "hash mismatch: stored ");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tenant_id", "actor", "action", "target", "before_state", "after_state", "created_at",
			"prev_hash", "record_hash" })
	void altering_any_field_of_an_admin_action_names_that_action(String column) {
		appendSeven();

		alter("tessera_audit_admin_action", column, 4);

		assertBroken(verify(), "admin", 4, 4, "hash mismatch: stored ");
	}

	@Test
	void the_reason_gives_the_stored_and_the_recomputed_hash() {
		appendSeven();
		String stored = this.jdbc.sql("SELECT record_hash FROM tessera_audit_record WHERE seq = 3")
			.query(String.class)
			.single();

		this.jdbc.sql("UPDATE tessera_audit_record SET reply_text = 'We never open.' WHERE seq = 3").update();

		ChainVerification verification = verify();
		AuditEntry altered = this.trail.find("tenant-a", 3).orElseThrow();
		assertThat(verification.reason())
			.isEqualTo("hash mismatch: stored " + stored + ", computed " + AuditHash.of(altered));
		assertThat(verification.records()).isEqualTo(2);
	}

	@Test
	void changing_a_records_id_names_it() {
		appendSeven();

		this.jdbc.sql("UPDATE tessera_audit_record SET id = 1000 WHERE seq = 3").update();

		assertBroken(verify(), "turn", 1000, 3, "id 1000 is not the record's position in the chain (seq 3)");
	}

	@Test
	void moving_a_record_out_of_its_place_names_it_not_its_successor() {
		appendSeven();

		this.jdbc.sql("UPDATE tessera_audit_admin_action SET seq = 1000 WHERE id = 4").update();

		assertBroken(verify(), "admin", 4, 1000, "hash mismatch: stored ");
	}

	@Test
	void deleting_a_record_names_the_record_after_it() {
		appendSeven();

		this.jdbc.sql("DELETE FROM tessera_audit_record WHERE seq = 3").update();

		ChainVerification verification = verify();
		assertBroken(verification, "admin", 4, 4, "prev_hash does not match previous record");
		assertThat(verification.reason()).isEqualTo("prev_hash does not match previous record");
		assertThat(verification.records()).isEqualTo(2);
	}

	@Test
	void deleting_the_first_record_names_the_second() {
		appendSeven();

		this.jdbc.sql("DELETE FROM tessera_audit_record WHERE seq = 1").update();

		assertBroken(verify(), "admin", 2, 2, "prev_hash does not match previous record");
	}

	@Test
	void deleting_the_last_records_is_caught_by_the_head() {
		appendSeven();
		String sixth = this.jdbc.sql("SELECT record_hash FROM tessera_audit_admin_action WHERE seq = 6")
			.query(String.class)
			.single();

		this.jdbc.sql("DELETE FROM tessera_audit_record WHERE seq = 7").update();

		ChainVerification verification = verify();
		assertThat(verification.valid()).isFalse();
		assertThat(verification.records()).isEqualTo(6);
		assertThat(verification.firstBrokenRecord())
			.isEqualTo(new ChainVerification.BrokenRecord("chain-head", null, 7));
		assertThat(verification.reason()).contains("the last record is seq 6 (" + sixth + ")")
			.contains("records were removed from the end of the chain");
	}

	@Test
	void swapping_two_records_names_the_first_one_out_of_order() {
		appendSeven();

		// the turn at 3 and the action at 4 trade places
		this.jdbc.sql("UPDATE tessera_audit_record SET seq = 4, id = 4 WHERE seq = 3").update();
		this.jdbc.sql("UPDATE tessera_audit_admin_action SET seq = 3, id = 3 WHERE seq = 4").update();

		assertBroken(verify(), "admin", 3, 3, "hash mismatch: stored ");
	}

	@Test
	void swapping_the_contents_of_two_turns_names_the_first() {
		appendSeven();

		// turns 3 and 5 swap everything but their place (seq and id), as a reordering by content would
		this.jdbc.sql("UPDATE tessera_audit_record SET seq = -5, id = -5 WHERE seq = 5").update();
		this.jdbc.sql("UPDATE tessera_audit_record SET seq = 5, id = 5 WHERE seq = 3").update();
		this.jdbc.sql("UPDATE tessera_audit_record SET seq = 3, id = 3 WHERE seq = -5").update();

		assertBroken(verify(), "turn", 3, 3, "hash mismatch: stored ");
	}

	@Test
	void a_well_formed_record_slipped_in_past_the_head_is_named() {
		appendSeven();
		String seventh = this.jdbc.sql("SELECT record_hash FROM tessera_audit_record WHERE seq = 7")
			.query(String.class)
			.single();
		AdminAction forged = action("handoff/forged");
		OffsetDateTime at = AuditHash.normalize(OffsetDateTime.now(ZoneOffset.UTC));

		this.jdbc.sql("""
				INSERT INTO tessera_audit_admin_action (id, seq, prev_hash, record_hash, tenant_id, actor, action,
				  target, before_state, after_state, created_at) VALUES (8, 8, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(seventh, AuditHash.sha256Hex(AuditHash.canonicalAdmin(8, seventh, forged, at)), forged.tenantId(),
					forged.actor(), forged.action(), forged.target(), forged.before(), forged.after(), at)
			.update();

		assertBroken(verify(), "admin", 8, 8, "record lies beyond the chain head (seq 7)");
	}

	@Test
	void a_head_moved_back_over_the_last_record_is_caught() {
		appendSeven();
		String sixth = this.jdbc.sql("SELECT record_hash FROM tessera_audit_admin_action WHERE seq = 6")
			.query(String.class)
			.single();

		this.jdbc.sql("UPDATE tessera_audit_chain_head SET last_seq = 6, last_hash = ?").param(sixth).update();

		assertBroken(verify(), "turn", 7, 7, "record lies beyond the chain head (seq 6)");
	}

	@Test
	void a_head_that_does_not_name_the_last_record_is_caught() {
		appendSeven();

		this.jdbc.sql("UPDATE tessera_audit_chain_head SET last_hash = ?").param("cd".repeat(32)).update();

		ChainVerification verification = verify();
		assertThat(verification.firstBrokenRecord())
			.isEqualTo(new ChainVerification.BrokenRecord("chain-head", null, 7));
		assertThat(verification.records()).isEqualTo(7);
	}

	@Test
	void the_chain_stays_valid_across_verification_batches() {
		for (int i = 0; i < 4 * BATCH + 1; i++) {
			if (i % 4 == 0) {
				this.admin.record(action("handoff/" + i));
			}
			else {
				this.turns.append(turn("q" + i));
			}
		}

		assertThat(verify().valid()).isTrue();
		assertThat(verify().records()).isEqualTo(4 * BATCH + 1);
		this.jdbc.sql("UPDATE tessera_audit_record SET input_text = 'changed' WHERE seq = 12").update();
		assertBroken(verify(), "turn", 12, 12, "hash mismatch");
	}

	/** Changes one column of the record at {@code seq} to something else of its type, behind the chain's back. */
	private void alter(String table, String column, long seq) {
		Object value = switch (column) {
			case "latency_ms" -> 13L;
			case "created_at" -> this.jdbc.sql("SELECT created_at FROM " + table + " WHERE seq = ?")
				.param(seq)
				.query(OffsetDateTime.class)
				.single()
				.plusSeconds(1);
			case "prev_hash", "record_hash" -> "ab".repeat(32);
			case "rails_fired" -> ",abuse,";
			default -> "tampered";
		};
		assertThat(this.jdbc.sql("UPDATE " + table + " SET " + column + " = ? WHERE seq = ?")
			.params(value, seq)
			.update()).isEqualTo(1);
	}

}
