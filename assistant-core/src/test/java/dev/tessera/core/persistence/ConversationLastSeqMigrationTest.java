package dev.tessera.core.persistence;

import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.tessera.core.audit.SealAuditRecordsMigration;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.JdbcConversationRepository;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database written before conversations kept their last message position: the migration fills it in, so the next
 * message and the recent ones are found as in a new database.
 */
class ConversationLastSeqMigrationTest {

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	@Test
	void conversations_written_before_get_their_last_position() {
		Flyway.configure()
			.dataSource(this.dataSource)
			.table(TesseraSchema.HISTORY_TABLE)
			.locations("classpath:db/tessera/common")
			.javaMigrations(new SealAuditRecordsMigration())
			.target("12")
			.load()
			.migrate();
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		for (String conversation : new String[] { "old", "empty" }) {
			jdbc.sql("INSERT INTO tessera_conversation (id, tenant_id, assistant_id, created_at)"
					+ " VALUES (?, 't', 'faq-bot', CURRENT_TIMESTAMP)").param(conversation).update();
		}
		for (int seq = 1; seq <= 5; seq++) {
			jdbc.sql("INSERT INTO tessera_message (conversation_id, seq, turn_id, role, content, created_at)"
					+ " VALUES ('old', ?, 'turn', 'USER', ?, CURRENT_TIMESTAMP)").params(seq, "message " + seq).update();
		}

		new TesseraSchema(this.dataSource).migrate();

		JdbcConversationRepository conversations = new JdbcConversationRepository(jdbc);
		assertThat(conversations.nextSeq("old")).isEqualTo(6);
		assertThat(conversations.nextSeq("empty")).isEqualTo(1);
		assertThat(conversations.findRecentMessages("old", 2)).extracting(ChatMessage::content)
			.containsExactly("message 4", "message 5");
	}

}
