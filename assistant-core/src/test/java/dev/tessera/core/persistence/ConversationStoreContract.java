package dev.tessera.core.persistence;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.audit.AuditRecord;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.conversation.Conversation;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.turn.Citation;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.RailFinding;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnRequest;
import dev.tessera.core.turn.TurnResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The persistence behaviour every supported database must show. Implemented once per database.
 */
public abstract class ConversationStoreContract {

	protected abstract DataSource dataSource();

	private JdbcConversationRepository conversations;

	private JdbcAuditLog audit;

	private JdbcTurnRecorder recorder;

	@BeforeEach
	void migrateAndWire() {
		new TesseraSchema(dataSource()).migrate();
		JdbcClient jdbc = JdbcClient.create(dataSource());
		this.conversations = new JdbcConversationRepository(jdbc);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
		this.audit = new JdbcAuditLog(jdbc, transactions);
		this.recorder = new JdbcTurnRecorder(this.conversations, this.audit, transactions);
	}

	private Conversation newConversation(String tenant) {
		Conversation conversation = new Conversation(UUID.randomUUID().toString(), tenant, "faq-bot",
				OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
		this.conversations.save(conversation);
		return conversation;
	}

	private static TurnResult result(String conversationId, String model) {
		return new TurnResult(UUID.randomUUID().toString(), conversationId, "faq-bot", "We open at 9 am.",
				List.of(new Citation("knowledge/library.md", "Library guide", "Opening hours", 10, 40, 2.5,
						"The library opens at 9 am.")),
				Route.ANSWER_LOCAL, "knowledge supports an answer", model,
				List.of(new RailFinding("pii", "input", true, "REWRITE", "found 1 EMAIL")),
				List.of(new DecisionStep("route", "ANSWER_LOCAL", "knowledge supports an answer", 12)), 42);
	}

	@Test
	void migrating_again_changes_nothing() {
		assertThat(new TesseraSchema(dataSource()).migrate().migrationsExecuted).isZero();
	}

	@Test
	void stores_and_finds_a_conversation() {
		Conversation conversation = newConversation("tenant-a");

		assertThat(this.conversations.findById(conversation.id())).get().satisfies(found -> {
			assertThat(found.tenantId()).isEqualTo("tenant-a");
			assertThat(found.assistantId()).isEqualTo("faq-bot");
			assertThat(found.createdAt().toInstant()).isEqualTo(conversation.createdAt().toInstant());
		});
		assertThat(this.conversations.findById(UUID.randomUUID().toString())).isEmpty();
	}

	@Test
	void a_turn_writes_both_messages_and_one_audit_record() {
		Conversation conversation = newConversation("tenant-a");
		TurnResult result = result(conversation.id(), "grounded-template");

		this.recorder.record(new TurnRequest("tenant-a", conversation.id(), "faq-bot", "When do you open? a@b.com"),
				"When do you open? [EMAIL_1]", result);
		this.recorder.record(new TurnRequest("tenant-a", conversation.id(), "faq-bot", "And Sundays?"),
				"And Sundays?", result(conversation.id(), "grounded-template"));

		assertThat(this.conversations.findMessages(conversation.id()))
			.extracting(ChatMessage::seq, ChatMessage::role, ChatMessage::content)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(1, ChatMessage.Role.USER, "When do you open? [EMAIL_1]"),
					org.assertj.core.groups.Tuple.tuple(2, ChatMessage.Role.ASSISTANT, "We open at 9 am."),
					org.assertj.core.groups.Tuple.tuple(3, ChatMessage.Role.USER, "And Sundays?"),
					org.assertj.core.groups.Tuple.tuple(4, ChatMessage.Role.ASSISTANT, "We open at 9 am."));
		AuditRecord record = this.audit.findByTurnId(result.turnId()).orElseThrow();
		assertThat(record.inputText()).isEqualTo("When do you open? [EMAIL_1]");
		assertThat(record.route()).isEqualTo("ANSWER_LOCAL");
		assertThat(record.railsJson()).contains("\"rail\":\"pii\"").contains("REWRITE");
		assertThat(record.citationsJson()).contains("knowledge/library.md");
		assertThat(record.trailJson()).contains("\"stage\":\"route\"");
		assertThat(this.audit.findByConversation(conversation.id())).hasSize(2);
	}

	@Test
	void the_recent_messages_are_the_last_ones_in_order() {
		Conversation conversation = newConversation("tenant-a");
		for (String message : List.of("one", "two", "three")) {
			this.recorder.record(new TurnRequest("tenant-a", conversation.id(), "faq-bot", message), message,
					result(conversation.id(), "grounded-template"));
		}

		assertThat(this.conversations.findRecentMessages(conversation.id(), 3))
			.extracting(ChatMessage::seq, ChatMessage::content)
			.containsExactly(org.assertj.core.groups.Tuple.tuple(4, "We open at 9 am."),
					org.assertj.core.groups.Tuple.tuple(5, "three"),
					org.assertj.core.groups.Tuple.tuple(6, "We open at 9 am."));
		assertThat(this.conversations.findRecentMessages(conversation.id(), 10)).extracting(ChatMessage::seq)
			.containsExactly(1, 2, 3, 4, 5, 6);
		assertThat(this.conversations.findRecentMessages(conversation.id(), 0)).isEmpty();
		assertThat(this.conversations.findRecentMessages(UUID.randomUUID().toString(), 3)).isEmpty();
	}

	@Test
	void a_hand_off_gives_the_person_the_last_ten_messages_redacted() {
		Conversation conversation = newConversation("tenant-a");
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource()));
		JdbcClient jdbc = JdbcClient.create(dataSource());
		dev.tessera.core.handoff.JdbcHandoffQueue queue = new dev.tessera.core.handoff.JdbcHandoffQueue(jdbc,
				this.conversations, transactions, java.time.Clock.systemUTC());
		dev.tessera.core.handoff.HandoffQueueingRecorder handoffs = new dev.tessera.core.handoff.HandoffQueueingRecorder(
				this.recorder, queue, this.conversations,
				new dev.tessera.core.escalation.ContextRedactor(new dev.tessera.guardrails.pii.PiiPatternRail()),
				transactions);
		for (int turn = 1; turn <= 6; turn++) {
			// stored as the pack's rails left it: here the second message still holds an address
			String message = turn == 2 ? "question 2, write to ana@example.com" : "question " + turn;
			TurnResult result = result(conversation.id(), "grounded-template");
			handoffs.record(new TurnRequest("tenant-a", conversation.id(), "faq-bot", message), message,
					new TurnResult(result.turnId(), result.conversationId(), result.assistantId(), "A person will reply.",
							List.of(), Route.HANDOFF_HUMAN, "needs a person", "none", List.of(), List.of(), 1));
		}

		dev.tessera.core.handoff.HandoffItem item = queue.list("tenant-a", java.util.Optional.empty(), 10)
			.stream()
			.filter(found -> found.conversationId().equals(conversation.id()))
			.findFirst()
			.orElseThrow();
		// 12 messages stored: the context starts at the third, and the address is redacted
		assertThat(item.context().lines().toList()).hasSize(10)
			.startsWith("user: question 2, write to [EMAIL_1]", "assistant: A person will reply.")
			.endsWith("user: question 6", "assistant: A person will reply.");
	}

	@Test
	void a_turn_whose_audit_record_cannot_be_written_leaves_no_messages() {
		Conversation conversation = newConversation("tenant-a");
		TurnResult unstorable = result(conversation.id(), "m".repeat(500)); // model column holds 100

		assertThatThrownBy(() -> this.recorder.record(
				new TurnRequest("tenant-a", conversation.id(), "faq-bot", "hello"), "hello", unstorable))
			.isInstanceOf(org.springframework.dao.DataAccessException.class);

		assertThat(this.conversations.findMessages(conversation.id())).isEmpty();
		assertThat(this.audit.findByTurnId(unstorable.turnId())).isEmpty();
	}

	@Test
	void a_message_position_cannot_be_taken_twice() {
		Conversation conversation = newConversation("tenant-a");
		ChatMessage first = new ChatMessage(conversation.id(), 1, UUID.randomUUID().toString(), ChatMessage.Role.USER,
				"hi", OffsetDateTime.now(ZoneOffset.UTC));
		this.conversations.appendMessages(List.of(first));

		assertThatThrownBy(() -> this.conversations.appendMessages(List.of(first)))
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
		assertThat(this.conversations.nextSeq(conversation.id())).isEqualTo(2);
	}

	@Test
	void messages_need_an_existing_conversation() {
		assertThatThrownBy(() -> this.conversations.appendMessages(List.of(new ChatMessage(UUID.randomUUID().toString(),
				1, UUID.randomUUID().toString(), ChatMessage.Role.USER, "orphan", OffsetDateTime.now(ZoneOffset.UTC)))))
			.isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class);
	}

}
