package dev.tessera.core.tool;

import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.conversation.ChatMessage;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.DefaultTurnPipeline;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.dialogue.DefaultDialogueStage;
import dev.tessera.core.turn.dialogue.InMemoryConversationMemory;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole turns with a tool: the parcel desk pack, a tool written for the test, Lucene, the rails and H2. Slots are
 * read from the conversation, missing ones asked for, personal ones kept out of the trail, the audit record and the
 * history.
 */
class ToolTurnsTest {

	private static final String EMAIL = "rosa@example.org";

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final LuceneKnowledgeStore store = LuceneKnowledgeStore.inMemory();

	private final ParcelLookupTool tool = new ParcelLookupTool();

	private final ToolRegistry tools = new ToolRegistry(List.of(this.tool));

	private final AssistantDefinition desk = TestPacks.parcelDesk(this.tools);

	private JdbcConversationRepository conversations;

	private ConversationService service;

	@BeforeEach
	void wire() {
		new TesseraSchema(this.dataSource).migrate();
		TestPacks.indexLexically(this.store, this.desk);
		this.conversations = new JdbcConversationRepository(JdbcClient.create(this.dataSource));
		this.service = service();
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
	}

	/** The server's wiring, with a fresh conversation memory (as after a restart). */
	private ConversationService service() {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		PiiPatternRail pii = new PiiPatternRail();
		RailChain rails = new RailChain(List.of(pii, new InstructionOverrideRail(), new RequiredNoticeRail()));
		DefaultAssistantCatalog catalog = new DefaultAssistantCatalog(List.of(this.desk));
		DefaultTurnPipeline pipeline = DefaultTurnPipeline.builder(catalog)
			.transcript(this.conversations::findMessages)
			.inputRails(new PolicyInputRails(rails))
			.understanding(new DomainRuleUnderstanding())
			.retriever(new StoreKnowledgeRetriever(this.store, null))
			.dialogue(new DefaultDialogueStage(this.tools, InMemoryConversationMemory.defaults(), new ContextRedactor(pii)))
			.router(new DefaultRouter(false))
			.responder(new GroundedTemplateResponder())
			.outputRails(new PolicyOutputRails(rails))
			.recorder(new JdbcTurnRecorder(this.conversations, new JdbcAuditLog(jdbc, transactions), transactions))
			.build();
		return new ConversationService(catalog, this.conversations, pipeline, 4000);
	}

	private String start() {
		return this.service.start("tenant-a", "parcel-desk").id();
	}

	private static DecisionStep step(TurnResult result, String stage) {
		return result.trail()
			.stream()
			.filter(step -> step.stage().equals(stage))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + stage + " step in " + result.trail()));
	}

	@Test
	void a_missing_slot_is_asked_for_and_the_answer_in_the_next_turn_calls_the_tool() {
		String conversation = start();

		TurnResult asked = this.service.send("tenant-a", conversation, "Is there a parcel for me? My code is P1234");

		assertThat(asked.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(asked.text()).isEqualTo("I can check that. Please tell me your email address.");
		assertThat(asked.routeReason()).contains("tool 'parcel-lookup' needs [email]");
		assertThat(step(asked, "tools").outcome()).isEqualTo("parcel-lookup:needs-slots");
		assertThat(step(asked, "tools").detail()).contains("known: code=P1234");
		assertThat(this.tool.calls).hasValue(0);

		TurnResult answered = this.service.send("tenant-a", conversation, "It's " + EMAIL);

		assertThat(answered.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(answered.text()).isEqualTo("Parcel P1234 is waiting for you at the north entrance desk, shelf B3.");
		assertThat(answered.model()).isEqualTo(GroundedTemplateResponder.MODEL);
		assertThat(step(answered, "tools").outcome()).isEqualTo("parcel-lookup:waiting");
		assertThat(step(answered, "tools").detail()).contains("answer to the open question", "code=P1234",
				"email=(personal, given)", "shelf=B3");
		assertThat(this.tool.calls).hasValue(1);
		List<String> stages = answered.trail().stream().map(DecisionStep::stage).toList();
		assertThat(stages).containsExactly("input-rails", "understand", "retrieve", "tools", "route", "respond",
				"output-rails", "audit");
	}

	@Test
	void personal_values_reach_the_tool_but_never_the_trail_the_audit_record_or_the_history() {
		String conversation = start();
		this.service.send("tenant-a", conversation, "is there a parcel for me");
		this.service.send("tenant-a", conversation, "code P1234 and email " + EMAIL);

		assertThat(this.tool.calls).hasValue(1);
		List<String> stored = JdbcClient.create(this.dataSource)
			.sql("SELECT input_text || route_reason || reply_text || decision_trail || citations FROM tessera_audit_record")
			.query(String.class)
			.list();
		assertThat(stored).hasSize(2).noneMatch(text -> text.contains(EMAIL));
		assertThat(this.conversations.findMessages(conversation)).extracting(ChatMessage::content)
			.noneMatch(text -> text.contains(EMAIL))
			.anyMatch(text -> text.contains("[EMAIL_1]"));
	}

	@Test
	void after_a_restart_values_that_are_not_personal_come_back_from_the_history_and_personal_ones_are_asked_again() {
		String conversation = start();
		TurnResult first = this.service.send("tenant-a", conversation, "my parcel P1234, email " + EMAIL);
		assertThat(first.text()).contains("shelf B3");

		ConversationService restarted = service();
		TurnResult again = restarted.send("tenant-a", conversation, "is there a parcel for me now?");

		assertThat(again.text()).isEqualTo("I can check that. Please tell me your email address.");
		assertThat(step(again, "tools").detail()).contains("known: code=P1234");
		TurnResult answered = restarted.send("tenant-a", conversation, EMAIL);
		assertThat(answered.text()).contains("shelf B3");
	}

	@Test
	void the_passage_is_quoted_before_the_question_when_the_knowledge_supports_it() {
		TurnResult result = this.service.send("tenant-a", start(),
				"What are the collection times for my parcel at the desk?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.text()).startsWith("From Parcel desk guide (Collection times): Parcels can be collected")
			.endsWith("Please tell me your collection code (P and four digits) and your email address.");
		assertThat(result.citations()).first().satisfies(c -> assertThat(c.section()).isEqualTo("Collection times"));
	}

	@Test
	void two_lookups_in_a_row_that_find_nothing_go_to_a_person() {
		String conversation = start();

		TurnResult first = this.service.send("tenant-a", conversation, "my parcel P4321, " + EMAIL);
		TurnResult second = this.service.send("tenant-a", conversation, "sorry, my parcel P4322");

		assertThat(first.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(first.text()).isEqualTo("I found no parcel P4321 for that email address.");
		assertThat(second.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(second.routeReason()).isEqualTo("2 turns in a row did not help (at most 2): parcel-lookup: unknown");
		assertThat(second.text()).isEqualTo("A member of staff will answer you.");
		// the email given in the first turn was remembered for the second lookup
		assertThat(this.tool.calls).hasValue(2);
	}

	@Test
	void a_user_repeating_themselves_twice_goes_to_a_person() {
		String conversation = start();
		String question = "How many days do you hold a parcel after it arrives?";

		TurnResult first = this.service.send("tenant-a", conversation, question);
		TurnResult second = this.service.send("tenant-a", conversation, question);
		TurnResult third = this.service.send("tenant-a", conversation, "how many days do you hold a parcel after it arrives");

		assertThat(first.route()).as(first.routeReason()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(second.route()).as(second.routeReason()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(third.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(third.routeReason()).contains("2 turns in a row did not help", "the message repeats the previous one");
	}

	@Test
	void a_tool_that_throws_hands_the_turn_to_a_person_and_the_trail_says_why() {
		TurnResult result = this.service.send("tenant-a", start(), "my parcel P0000, " + EMAIL);

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.routeReason()).isEqualTo("tool 'parcel-lookup' failed (see the tools step), so a person takes over");
		assertThat(step(result, "tools").outcome()).isEqualTo("parcel-lookup:failed");
		assertThat(step(result, "tools").detail()).contains("parcel system unreachable").doesNotContain(EMAIL);
	}

	@Test
	void messages_that_call_no_tool_have_no_tools_step() {
		TurnResult result = this.service.send("tenant-a", start(), "What are the collection times?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.trail()).extracting(DecisionStep::stage).doesNotContain("tools");
		assertThat(this.tool.calls).hasValue(0);
	}


	@Test
	void after_nothing_was_found_a_corrected_value_alone_calls_the_tool_again() {
		String conversation = start();

		TurnResult wrong = this.service.send("tenant-a", conversation, "is there a parcel for me? P1234, tom@example.org");
		TurnResult corrected = this.service.send("tenant-a", conversation, "sorry, it's " + EMAIL);

		assertThat(wrong.text()).isEqualTo("I found no parcel P1234 for that email address.");
		assertThat(corrected.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(corrected.text()).isEqualTo("Parcel P1234 is waiting for you at the north entrance desk, shelf B3.");
		assertThat(step(corrected, "tools").detail()).contains("answer to the open question");
	}

}
