package dev.tessera.core.audit;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical form against values computed outside Java (Python's hashlib over the same bytes), so that the
 * specification in {@link AuditHash}'s comment, not just this implementation, is what is tested.
 */
class AuditHashTest {

	static final AuditRecord TURN = new AuditRecord(0, "t-1", "default", "faq-bot", "c-1", "ANSWER_LOCAL",
			"supported: a \"quote\"\nand a second line", "grounded-template", "Wann öffnet ihr? [EMAIL_1]",
			"We open at 9:00.", "[]", "[]", "[]", 42,
			// the same instant written at another offset: the canonical form is in UTC
			OffsetDateTime.of(2025, 1, 2, 5, 4, 5, 678_901_000, ZoneOffset.ofHours(2)));

	static final String TURN_HASH = "db3bb1c2ae5292da84503db04d7a3191776d1b52a20b2093b55a46b39e7387bf";

	@Test
	void a_turn_has_the_specified_canonical_form_and_hash() {
		String canonical = AuditHash.canonicalTurn(1, AuditHash.GENESIS, TURN, "");

		assertThat(canonical).isEqualTo("kind:4:turn\nseq:1:1\nprev_hash:64:" + "0".repeat(64)
				+ "\nturn_id:3:t-1\ntenant_id:7:default\nassistant_id:7:faq-bot\nconversation_id:3:c-1\n"
				+ "route:12:ANSWER_LOCAL\nroute_reason:38:supported: a \"quote\"\nand a second line\n"
				+ "model:17:grounded-template\ninput_text:27:Wann öffnet ihr? [EMAIL_1]\n"
				+ "reply_text:16:We open at 9:00.\nrails:2:[]\ncitations:2:[]\ndecision_trail:2:[]\nrails_fired:0:\n"
				+ "latency_ms:2:42\ncreated_at:27:2025-01-02T03:04:05.678901Z\n");
		assertThat(AuditHash.sha256Hex(canonical)).isEqualTo(TURN_HASH);
	}

	@Test
	void an_admin_action_has_the_specified_canonical_form_and_hash() {
		AdminAction claim = new AdminAction("default", "ana", "handoff.claim", "handoff/h-1", null,
				"{\"state\":\"CLAIMED\"}");

		String canonical = AuditHash.canonicalAdmin(2, TURN_HASH, claim,
				OffsetDateTime.of(2025, 1, 2, 3, 4, 6, 0, ZoneOffset.UTC));

		assertThat(canonical).isEqualTo("kind:5:admin\nseq:1:2\nprev_hash:64:" + TURN_HASH
				+ "\ntenant_id:7:default\nactor:3:ana\naction:13:handoff.claim\ntarget:11:handoff/h-1\nbefore_state:-\n"
				+ "after_state:19:{\"state\":\"CLAIMED\"}\ncreated_at:27:2025-01-02T03:04:06.000000Z\n");
		assertThat(AuditHash.sha256Hex(canonical))
			.isEqualTo("383ec02566163bfe1e9d7c1d6f8654b69ff0f26f7eb9a33e800ba0ad87a8b901");
	}

	@Test
	void a_null_and_an_empty_text_hash_differently() {
		OffsetDateTime at = OffsetDateTime.of(2025, 1, 2, 3, 4, 6, 0, ZoneOffset.UTC);

		assertThat(AuditHash.canonicalAdmin(1, AuditHash.GENESIS, new AdminAction("t", "a", "x", "y", null, null), at))
			.isNotEqualTo(AuditHash.canonicalAdmin(1, AuditHash.GENESIS, new AdminAction("t", "a", "x", "y", "", null), at));
	}

	@Test
	void field_boundaries_cannot_be_shifted() {
		// the same characters split differently between two fields must not give the same form
		AdminAction one = new AdminAction("t", "ana\nactor:3:bob", "x", "y", null, null);
		AdminAction two = new AdminAction("t", "ana", "x", "y", null, null);
		OffsetDateTime at = OffsetDateTime.of(2025, 1, 2, 3, 4, 6, 0, ZoneOffset.UTC);

		assertThat(AuditHash.canonicalAdmin(1, AuditHash.GENESIS, one, at))
			.isNotEqualTo(AuditHash.canonicalAdmin(1, AuditHash.GENESIS, two, at))
			.startsWith("kind:5:admin\nseq:1:1\nprev_hash:64:" + "0".repeat(64) + "\ntenant_id:1:t\nactor:15:ana\nactor:3:bob\naction:1:x\n");
	}

	@Test
	void times_are_kept_to_the_microsecond_in_utc() {
		OffsetDateTime at = OffsetDateTime.of(2025, 6, 30, 23, 59, 59, 123_456_789, ZoneOffset.ofHours(-5));

		assertThat(AuditHash.normalize(at)).isEqualTo(OffsetDateTime.of(2025, 7, 1, 4, 59, 59, 123_456_000, ZoneOffset.UTC));
		assertThat(AuditHash.timestamp(at)).isEqualTo("2025-07-01T04:59:59.123456Z");
		assertThat(AuditHash.timestamp(OffsetDateTime.of(2025, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC)))
			.isEqualTo("2025-07-01T00:00:00.000000Z");
	}

	@Test
	void the_fired_rails_are_read_from_the_rails_json() {
		assertThat(JdbcAuditLog.railsFired("""
				[{"rail":"pii","direction":"input","detected":true,"action":"REDACT","reason":"1 EMAIL"},
				 {"rail":"prompt-injection","direction":"input","detected":false,"action":"ALLOW","reason":""},
				 {"rail":"required-notice","direction":"output","detected":true,"action":"REWRITE","reason":""},
				 {"rail":"pii","direction":"output","detected":true,"action":"REDACT","reason":""}]"""))
			.isEqualTo(",pii,required-notice,");
		assertThat(JdbcAuditLog.railsFired("[]")).isEmpty();
		assertThat(JdbcAuditLog.railsFired("not json")).isEmpty();
	}

}
