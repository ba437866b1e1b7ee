package dev.tessera.autoconfigure.sample;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.tessera.core.assistant.AssistantCatalog;
import dev.tessera.core.audit.AdminAction;
import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.audit.AuditEntry;
import dev.tessera.core.audit.AuditLog;
import dev.tessera.core.audit.AuditQuery;
import dev.tessera.core.audit.AuditTrail;
import dev.tessera.core.audit.ChainVerification;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter's promise: add the dependency and a pack folder, set properties, get a working assistant.
 */
@SpringBootTest(classes = MuseumApplication.class,
		properties = { "tessera.packs.locations=classpath:sample-packs/*/assistant.yaml",
				"spring.datasource.url=jdbc:h2:mem:museum;DB_CLOSE_DELAY=-1",
				"tessera.data-dir=target/test-data/museum-${random.uuid}" })
class StarterOnlyApplicationTest {

	@Autowired
	AssistantCatalog assistants;

	@Autowired
	ConversationService conversations;

	@Autowired
	AuditLog auditLog;

	@Autowired
	AdminAuditLog adminAuditLog;

	@Autowired
	AuditTrail auditTrail;

	@Test
	void the_pack_folder_becomes_a_working_audited_assistant() {
		assertThat(this.assistants.all()).extracting(a -> a.id()).containsExactly("opening-hours");

		String conversation = this.conversations.start("default", "opening-hours").id();
		TurnResult result = this.conversations.send("default", conversation, "Is the museum open on Mondays?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.text()).contains("10 am to 5 pm");
		assertThat(result.citations()).isNotEmpty();
		assertThat(this.auditLog.findByTurnId(result.turnId())).isPresent();
		assertThat(this.conversations.history("default", conversation).messages()).hasSize(2);
	}

	@Test
	void turns_and_operators_actions_share_one_verified_chain() {
		String conversation = this.conversations.start("default", "opening-hours").id();
		TurnResult result = this.conversations.send("default", conversation, "When do you close?");
		this.adminAuditLog.record(new AdminAction("default", "curator", "assistant.update", "assistant/opening-hours",
				"{\"enabled\":false}", "{\"enabled\":true}"));

		List<AuditEntry> newest = this.auditTrail.search(AuditQuery.all("default"), 0, 2).entries();
		assertThat(newest).extracting(AuditEntry::kind).containsExactly(AuditEntry.Kind.ADMIN, AuditEntry.Kind.TURN);
		assertThat(newest.get(1).turn().turnId()).isEqualTo(result.turnId());
		assertThat(newest.get(0).prevHash()).isEqualTo(newest.get(1).recordHash());
		ChainVerification verification = this.auditTrail.verify();
		assertThat(verification.valid()).isTrue();
		assertThat(verification.lastHash()).isEqualTo(newest.get(0).recordHash());
	}

}
