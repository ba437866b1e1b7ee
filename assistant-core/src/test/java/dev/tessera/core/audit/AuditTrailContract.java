package dev.tessera.core.audit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.persistence.TesseraSchema;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.csv.CsvMapper;
import tools.jackson.dataformat.csv.CsvSchema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading the audit trail on every supported database: filters, paging, export, and the sealing of records written
 * before the chain existed. Each test starts from an empty database.
 */
public abstract class AuditTrailContract {

	static final OffsetDateTime NINE = OffsetDateTime.of(2025, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

	static final String PII_FIRED = "[{\"rail\":\"pii\",\"direction\":\"input\",\"detected\":true,\"action\":\"REDACT\","
			+ "\"reason\":\"found 1 EMAIL\"}]";

	static final String PII_CLEAN = "[{\"rail\":\"pii\",\"direction\":\"input\",\"detected\":false,\"action\":\"ALLOW\","
			+ "\"reason\":\"\"},{\"rail\":\"prompt_injection\",\"direction\":\"input\",\"detected\":true,"
			+ "\"action\":\"BLOCK\",\"reason\":\"override\"}]";

	/** A fresh, empty database per test, not migrated. */
	protected abstract DataSource dataSource();

	private DataSource dataSource;

	private JdbcClient jdbc;

	private TransactionTemplate transactions;

	private JdbcAuditLog turns;

	private JdbcAuditTrail trail;

	@BeforeEach
	void wire() {
		this.dataSource = dataSource();
		this.jdbc = JdbcClient.create(this.dataSource);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		this.turns = new JdbcAuditLog(this.jdbc, this.transactions);
		this.trail = new JdbcAuditTrail(this.jdbc, AuditChainContract.BATCH);
	}

	private static AuditRecord turn(String tenant, String assistant, String route, String rails, String input,
			OffsetDateTime at) {
		return new AuditRecord(0, java.util.UUID.randomUUID().toString(), tenant, assistant, "conv-" + assistant, route,
				"reason for " + input, "grounded-template", input, "reply to " + input, rails, "[]",
				"[{\"stage\":\"route\"}]", 7, at);
	}

	private JdbcAdminAuditLog adminAt(OffsetDateTime at) {
		return new JdbcAdminAuditLog(this.jdbc, this.transactions, Clock.fixed(at.toInstant(), ZoneOffset.UTC));
	}

	/**
	 * seq 1 turn faq 09:00 pii fired; 2 admin 09:30; 3 turn shop 10:00 HANDOFF prompt_injection fired; 4 turn of
	 * tenant-b 10:30; 5 turn faq 11:00 BLOCKED no rail; 6 admin 11:30.
	 */
	private void appendMixed() {
		new TesseraSchema(this.dataSource).migrate();
		this.turns.append(turn("tenant-a", "faq-bot", "ANSWER_LOCAL", PII_FIRED, "first", NINE));
		adminAt(NINE.plusMinutes(30)).record(new AdminAction("tenant-a", "ana", "handoff.claim", "handoff/h-1",
				"{\"state\":\"OPEN\"}", "{\"state\":\"CLAIMED\"}"));
		this.turns.append(turn("tenant-a", "shop-bot", "HANDOFF_HUMAN", PII_CLEAN, "second", NINE.plusHours(1)));
		this.turns.append(turn("tenant-b", "faq-bot", "ANSWER_LOCAL", PII_FIRED, "other tenant", NINE.plusMinutes(90)));
		this.turns.append(turn("tenant-a", "faq-bot", "BLOCKED", "[]", "third", NINE.plusHours(2)));
		adminAt(NINE.plusMinutes(150)).record(new AdminAction("tenant-a", "ben", "knowledge.delete",
				"collection/faq/documents/a.md", "{\"documentId\":\"a.md\"}", null));
	}

	private List<Long> seqs(AuditQuery query) {
		return this.trail.search(query, 0, 100).entries().stream().map(AuditEntry::seq).toList();
	}

	private static AuditQuery query(String assistant, String route, String rail, AuditEntry.Kind kind,
			OffsetDateTime from, OffsetDateTime to) {
		return new AuditQuery("tenant-a", assistant, route, rail, kind, from, to);
	}

	@Test
	void records_come_newest_first_a_page_at_a_time() {
		appendMixed();

		AuditPage first = this.trail.search(AuditQuery.all("tenant-a"), 0, 2);
		AuditPage last = this.trail.search(AuditQuery.all("tenant-a"), 2, 2);

		assertThat(first.entries()).extracting(AuditEntry::seq).containsExactly(6L, 5L);
		assertThat(first.total()).isEqualTo(5);
		assertThat(this.trail.search(AuditQuery.all("tenant-a"), 1, 2).entries()).extracting(AuditEntry::seq)
			.containsExactly(3L, 2L);
		assertThat(last.entries()).extracting(AuditEntry::seq).containsExactly(1L);
		assertThat(this.trail.search(AuditQuery.all("tenant-a"), 3, 2).entries()).isEmpty();
		assertThat(first.entries().getFirst().admin().target()).isEqualTo("collection/faq/documents/a.md");
		assertThat(first.entries().getFirst().admin().after()).isNull();
		assertThat(last.entries().getFirst().turn().inputText()).isEqualTo("first");
		assertThat(last.entries().getFirst().firedRails()).containsExactly("pii");
	}

	@Test
	void filters_select_by_assistant_route_rail_kind_and_time() {
		appendMixed();

		assertThat(seqs(query("faq-bot", null, null, null, null, null))).containsExactly(5L, 1L);
		assertThat(seqs(query(null, "HANDOFF_HUMAN", null, null, null, null))).containsExactly(3L);
		assertThat(seqs(query(null, null, "pii", null, null, null))).as("pii fired on 1 only, ran on 3 too")
			.containsExactly(1L);
		assertThat(seqs(query(null, null, "prompt_injection", null, null, null))).containsExactly(3L);
		assertThat(seqs(query(null, null, "prompt-injection", null, null, null))).as("'_' is no wildcard").isEmpty();
		assertThat(seqs(query(null, null, "pi", null, null, null))).as("whole names only").isEmpty();
		assertThat(seqs(query(null, null, null, AuditEntry.Kind.ADMIN, null, null))).containsExactly(6L, 2L);
		assertThat(seqs(query(null, null, null, AuditEntry.Kind.TURN, null, null))).containsExactly(5L, 3L, 1L);
		assertThat(seqs(query(null, null, null, null, NINE.plusMinutes(30), NINE.plusHours(2))))
			.as("from inclusive, to exclusive")
			.containsExactly(3L, 2L);
		assertThat(seqs(query("faq-bot", "ANSWER_LOCAL", "pii", AuditEntry.Kind.TURN, NINE, NINE.plusMinutes(1))))
			.containsExactly(1L);
		assertThat(this.trail.search(query(null, null, "pii", null, null, null), 0, 10).total()).isEqualTo(1);
		assertThat(seqs(AuditQuery.all("tenant-b"))).containsExactly(4L);
		assertThat(seqs(AuditQuery.all("tenant-c"))).isEmpty();
	}

	@Test
	void bad_queries_are_refused_naming_the_parameter() {
		assertThatThrownBy(() -> query(null, null, "pii%", null, null, null))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("rail must be a rail name");
		assertThatThrownBy(() -> query("faq-bot", null, null, AuditEntry.Kind.ADMIN, null, null))
			.hasMessageContaining("cannot be combined with kind=admin");
		assertThatThrownBy(() -> query(null, null, null, null, NINE, NINE)).hasMessageContaining("from must be before to");
		assertThatThrownBy(() -> AuditEntry.Kind.of("turns")).hasMessageContaining("kind must be 'turn' or 'admin'");
	}

	@Test
	void a_record_is_found_by_id_within_its_tenant() {
		appendMixed();

		assertThat(this.trail.find("tenant-a", 3)).get().satisfies(entry -> {
			assertThat(entry.kind()).isEqualTo(AuditEntry.Kind.TURN);
			assertThat(entry.turn().assistantId()).isEqualTo("shop-bot");
			assertThat(entry.turn().trailJson()).isEqualTo("[{\"stage\":\"route\"}]");
			assertThat(entry.createdAt().toInstant()).isEqualTo(NINE.plusHours(1).toInstant());
		});
		assertThat(this.trail.find("tenant-a", 2)).get().extracting(AuditEntry::kind).isEqualTo(AuditEntry.Kind.ADMIN);
		assertThat(this.trail.find("tenant-a", 4)).as("another tenant's record").isEmpty();
		assertThat(this.trail.find("tenant-a", 99)).isEmpty();
	}

	@Test
	void iterating_reads_in_batches_and_leaves_out_records_appended_meanwhile() {
		new TesseraSchema(this.dataSource).migrate();
		for (int i = 0; i < 3 * AuditChainContract.BATCH + 2; i++) {
			this.turns.append(turn("tenant-a", i % 2 == 0 ? "faq-bot" : "shop-bot", "ANSWER_LOCAL", "[]", "q" + i,
					NINE.plusMinutes(i)));
		}
		List<Long> seen = new ArrayList<>();

		this.trail.forEach(AuditQuery.all("tenant-a"), entry -> {
			if (seen.isEmpty()) {
				this.turns.append(turn("tenant-a", "faq-bot", "ANSWER_LOCAL", "[]", "late", NINE.plusHours(5)));
			}
			seen.add(entry.seq());
		});

		assertThat(seen).containsExactly(11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
		List<Long> faq = new ArrayList<>();
		this.trail.forEach(query("faq-bot", null, null, null, null, null), entry -> faq.add(entry.seq()));
		assertThat(faq).containsExactly(12L, 11L, 9L, 7L, 5L, 3L, 1L);
	}

	@Test
	void csv_export_is_rfc_4180_with_every_field_as_stored() throws Exception {
		new TesseraSchema(this.dataSource).migrate();
		String awkward = "Said \"hi\", then\r\nleft; naïve café, 50%";
		this.turns.append(turn("tenant-a", "faq-bot", "ANSWER_LOCAL", PII_FIRED, awkward, NINE));
		adminAt(NINE.plusMinutes(1)).record(
				new AdminAction("tenant-a", "ana", "head.retrain", "assistant/faq-bot/heads/intent", null, "{\"v\":2}"));
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		new AuditExporter(this.trail).write(AuditQuery.all("tenant-a"), AuditExporter.Format.CSV, out);

		String csv = out.toString(StandardCharsets.UTF_8);
		assertThat(csv).startsWith(String.join(",", AuditExporter.CSV_COLUMNS) + "\r\n");
		assertThat(csv).contains("\"Said \"\"hi\"\", then\r\nleft; naïve café, 50%\"");
		assertThat(csv).endsWith("\r\n");
		List<Map<String, String>> rows = new ArrayList<>();
		try (MappingIterator<Map<String, String>> it = new CsvMapper().readerFor(Map.class)
			.with(CsvSchema.emptySchema().withHeader())
			.readValues(csv)) {
			it.forEachRemaining(rows::add);
		}
		assertThat(rows).hasSize(2);
		Map<String, String> admin = rows.get(0);
		Map<String, String> turn = rows.get(1);
		assertThat(admin).containsEntry("kind", "admin").containsEntry("seq", "2").containsEntry("actor", "ana")
			.containsEntry("before_state", "").containsEntry("after_state", "{\"v\":2}")
			.containsEntry("created_at", "2025-03-01T09:01:00.000000Z").containsEntry("input_text", "");
		assertThat(turn).containsEntry("kind", "turn").containsEntry("id", "1").containsEntry("input_text", awkward)
			.containsEntry("rails", PII_FIRED).containsEntry("rails_fired", ",pii,").containsEntry("latency_ms", "7")
			.containsEntry("prev_hash", AuditHash.GENESIS).containsEntry("record_hash", admin.get("prev_hash"));
		// an auditor can recompute a turn's hash from its CSV row alone
		AuditRecord fromCsv = new AuditRecord(1, turn.get("turn_id"), turn.get("tenant_id"), turn.get("assistant_id"),
				turn.get("conversation_id"), turn.get("route"), turn.get("route_reason"), turn.get("model"),
				turn.get("input_text"), turn.get("reply_text"), turn.get("rails"), turn.get("citations"),
				turn.get("decision_trail"), Long.parseLong(turn.get("latency_ms")),
				OffsetDateTime.parse(turn.get("created_at")));
		assertThat(AuditHash.sha256Hex(AuditHash.canonicalTurn(1, turn.get("prev_hash"), fromCsv,
				turn.get("rails_fired")))).isEqualTo(turn.get("record_hash"));
	}

	@Test
	void jsonl_export_has_one_record_per_line_from_which_the_chain_can_be_recomputed() throws Exception {
		appendMixed();
		ByteArrayOutputStream out = new ByteArrayOutputStream();

		new AuditExporter(this.trail).write(AuditQuery.all("tenant-a"), AuditExporter.Format.JSONL, out);

		String[] lines = out.toString(StandardCharsets.UTF_8).split("\n", -1);
		assertThat(lines).hasSize(6);
		assertThat(lines[5]).as("every line ends in a line feed").isEmpty();
		JsonMapper json = JsonMapper.builder().build();
		List<JsonNode> records = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			records.add(json.readTree(lines[i]));
		}
		assertThat(records).extracting(r -> r.path("seq").asLong()).containsExactly(6L, 5L, 3L, 2L, 1L);
		JsonNode deletion = records.getFirst();
		assertThat(deletion.has("after_state")).isTrue();
		assertThat(deletion.get("after_state").isNull()).as("null is kept apart from empty").isTrue();
		assertThat(deletion.has("input_text")).as("only the record's own fields").isFalse();
		for (JsonNode r : records) {
			String canonical = r.path("kind").asString().equals("turn")
					? AuditHash.canonicalTurn(r.path("seq").asLong(), r.path("prev_hash").asString(),
							new AuditRecord(r.path("id").asLong(), r.path("turn_id").asString(),
									r.path("tenant_id").asString(), r.path("assistant_id").asString(),
									r.path("conversation_id").asString(), r.path("route").asString(),
									r.path("route_reason").asString(), r.path("model").asString(),
									r.path("input_text").asString(), r.path("reply_text").asString(),
									r.path("rails").asString(), r.path("citations").asString(),
									r.path("decision_trail").asString(), r.path("latency_ms").asLong(),
									OffsetDateTime.parse(r.path("created_at").asString())),
							r.path("rails_fired").asString())
					: AuditHash.canonicalAdmin(r.path("seq").asLong(), r.path("prev_hash").asString(),
							new AdminAction(r.path("tenant_id").asString(), r.path("actor").asString(),
									r.path("action").asString(), r.path("target").asString(),
									r.get("before_state").isNull() ? null : r.get("before_state").asString(),
									r.get("after_state").isNull() ? null : r.get("after_state").asString()),
							OffsetDateTime.parse(r.path("created_at").asString()));
			assertThat(AuditHash.sha256Hex(canonical)).as("record %s", r.path("seq")).isEqualTo(r.path("record_hash").asString());
		}
	}

	@Test
	void records_written_before_the_chain_are_sealed_into_it_once() {
		Flyway.configure()
			.dataSource(this.dataSource)
			.table(TesseraSchema.HISTORY_TABLE)
			.locations(locations())
			.target("2")
			.load()
			.migrate();
		for (long id : new long[] { 1, 2, 5 }) {
			this.jdbc.sql("""
					INSERT INTO tessera_audit_record (id, turn_id, tenant_id, assistant_id, conversation_id, route,
					  route_reason, model, input_text, reply_text, rails, citations, decision_trail, latency_ms, created_at)
					VALUES (?, ?, 'tenant-a', 'faq-bot', 'c-1', 'ANSWER_LOCAL', 'old', 'grounded-template', ?, 'ok', ?,
					  '[]', '[]', 3, ?)""")
				.params(id, "turn-" + id, "legacy " + id, id == 2 ? PII_FIRED : "[]", NINE.plusMinutes(id))
				.update();
		}

		new TesseraSchema(this.dataSource).migrate();

		ChainVerification sealed = this.trail.verify();
		assertThat(sealed.valid()).as(sealed.toString()).isTrue();
		assertThat(sealed.records()).isEqualTo(3);
		assertThat(seqs(AuditQuery.all("tenant-a"))).containsExactly(5L, 2L, 1L);
		assertThat(seqs(query(null, null, "pii", null, null, null))).containsExactly(2L);
		this.turns.append(turn("tenant-a", "faq-bot", "ANSWER_LOCAL", "[]", "new", NINE.plusHours(1)));
		assertThat(seqs(AuditQuery.all("tenant-a"))).containsExactly(6L, 5L, 2L, 1L);
		assertThat(this.trail.verify().valid()).isTrue();
		assertThat(new TesseraSchema(this.dataSource).migrate().migrationsExecuted).isZero();
		assertThatThrownBy(() -> this.jdbc.sql("""
				INSERT INTO tessera_audit_record (id, turn_id, tenant_id, assistant_id, conversation_id, route,
				  route_reason, model, input_text, reply_text, rails, citations, decision_trail, latency_ms, created_at)
				VALUES (7, 'sneaked', 'tenant-a', 'faq-bot', 'c-1', 'ANSWER_LOCAL', 'r', 'm', 'i', 'o', '[]', '[]', '[]',
				  1, ?)""").param(NINE).update())
			.as("the chain columns are required once sealed")
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
	}

	private String[] locations() {
		try (Connection connection = this.dataSource.getConnection()) {
			boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT)
				.contains("postgres");
			return postgres ? new String[] { "classpath:db/tessera/common", "classpath:db/tessera/postgresql" }
					: new String[] { "classpath:db/tessera/common" };
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
