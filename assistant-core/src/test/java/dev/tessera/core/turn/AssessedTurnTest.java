package dev.tessera.core.turn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.understand.AssessingUnderstanding;
import dev.tessera.core.turn.understand.AssessmentRequest;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.core.turn.understand.DomainAssessor;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import dev.tessera.core.assistant.Route;

/**
 * A turn of a pack that names a domain assessor, on real parts (H2, Lucene, the rails): the assessor sees the
 * conversation so far, may decide the route with its own reply, open the reply with a preface, and restate what to
 * search for.
 */
class AssessedTurnTest {

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final LuceneKnowledgeStore store = LuceneKnowledgeStore.inMemory();

	/** What the assessor was asked, per call: the message and the earlier messages it saw. */
	private final List<AssessmentRequest> seen = new ArrayList<>();

	private final List<String> memoryReads = new ArrayList<>();

	private ConversationService service;

	/**
	 * A small library-desk assessor: a lost card goes to a person at once; "hours?" is asked back; an answer to
	 * that question searches for the opening hours; everything else proceeds with a greeting as preface.
	 */
	private final DomainAssessor desk = new DomainAssessor() {

		@Override
		public String name() {
			return "desk";
		}

		@Override
		public DomainAssessment assess(AssessmentRequest request) {
			AssessedTurnTest.this.seen.add(request);
			if (request.message().contains("lost my card")) {
				return DomainAssessment.decide("desk", "lost-card", List.of("a lost card must be blocked by a person"),
						Route.HANDOFF_HUMAN, "A librarian will block your card now.");
			}
			if (request.message().equals("hours?")) {
				return DomainAssessment.decide("desk", "follow-up", List.of("follow-up: which day?"),
						Route.ANSWER_LOCAL, "Which day do you mean?");
			}
			boolean answersFollowUp = !request.earlier().isEmpty()
					&& request.earlier().getLast().content().startsWith("Which day do you mean?");
			return DomainAssessment.proceed("desk", "ok", List.of(), request.setting("greeting", "Hello!"),
					answersFollowUp ? "When does the library open on " + request.message() : "");
		}

	};

	@BeforeEach
	void wire() {
		new TesseraSchema(this.dataSource).migrate();
		AssistantDefinition faq = TestPacks.faqBot();
		AssistantDefinition assessed = new AssistantDefinition(faq.id(), faq.name(), faq.description(),
				faq.inputRails(), faq.outputRails(), faq.rules(), faq.retrieval(), faq.replies(), faq.routing(),
				faq.knowledge(), faq.source(),
				List.of(), dev.tessera.core.assistant.HandoffTriggers.none(), Optional.of(new AssistantDefinition.Assessor("desk", java.util.Map.of("greeting", "Hi from the desk."))));
		TestPacks.indexLexically(this.store, assessed);
		DefaultAssistantCatalog catalog = new DefaultAssistantCatalog(List.of(assessed));
		RailChain rails = new RailChain(
				List.of(new PiiPatternRail(), new InstructionOverrideRail(), new RequiredNoticeRail()));
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		JdbcConversationRepository conversations = new JdbcConversationRepository(jdbc);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		AssessingUnderstanding understanding = new AssessingUnderstanding(new DomainRuleUnderstanding(),
				List.of(this.desk));
		DefaultTurnPipeline pipeline = DefaultTurnPipeline.builder(catalog).transcript(conversationId -> {
			this.memoryReads.add(conversationId);
			return conversations.findMessages(conversationId);
		})
			.inputRails(new PolicyInputRails(rails))
			.understanding(understanding)
			.retriever(new StoreKnowledgeRetriever(this.store, null))
			.router(new DefaultRouter(false))
			.responder(new GroundedTemplateResponder())
			.outputRails(new PolicyOutputRails(rails))
			.recorder(new JdbcTurnRecorder(conversations, new JdbcAuditLog(jdbc, transactions), transactions))
			.build();
		this.service = new ConversationService(catalog, conversations, pipeline, 500);
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
	}

	@Test
	void a_deciding_assessment_sets_route_reply_and_trail() {
		String conversation = this.service.start("t", "faq-bot").id();

		TurnResult result = this.service.send("t", conversation, "I lost my card, when do you open?");

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.text()).startsWith("A librarian will block your card now.");
		assertThat(result.routeReason()).isEqualTo("assessor 'desk' (lost-card): a lost card must be blocked by a person");
		assertThat(result.citations()).isEmpty();
		assertThat(result.trail()).filteredOn(step -> step.stage().equals("understand")).singleElement().satisfies(step -> {
			assertThat(step.outcome()).isEqualTo("desk:lost-card");
			assertThat(step.detail()).contains("assessor 'desk' (lost-card)");
		});
	}

	@Test
	void a_proceeding_assessment_opens_the_grounded_answer_with_its_preface() {
		String conversation = this.service.start("t", "faq-bot").id();

		TurnResult result = this.service.send("t", conversation, "When does the library open on Saturday?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.text()).startsWith("Hi from the desk.\n\nFrom Library guide (Opening hours):")
			.endsWith("Opening hours may change on public holidays.");
		assertThat(result.citations()).extracting(Citation::section).first().isEqualTo("Opening hours");
		assertThat(result.trail()).filteredOn(step -> step.stage().equals("respond"))
			.singleElement()
			.satisfies(step -> assertThat(step.detail()).contains("opened with the preface of assessor 'desk'"));
	}

	@Test
	void the_assessor_sees_the_conversation_and_can_restate_what_to_search_for() {
		String conversation = this.service.start("t", "faq-bot").id();

		TurnResult asked = this.service.send("t", conversation, "hours?");
		TurnResult answered = this.service.send("t", conversation, "Saturday");

		assertThat(asked.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(asked.text()).startsWith("Which day do you mean?");
		assertThat(asked.citations()).isEmpty();
		assertThat(this.seen.get(0).earlier()).isEmpty();
		assertThat(this.seen.get(1).earlier()).extracting(ChatMessage::role)
			.containsExactly(ChatMessage.Role.USER, ChatMessage.Role.ASSISTANT);
		assertThat(this.seen.get(1).settings()).containsEntry("greeting", "Hi from the desk.");
		assertThat(answered.route()).as("'Saturday' alone matches nothing; the restated search does")
			.isEqualTo(Route.ANSWER_LOCAL);
		assertThat(answered.citations()).extracting(Citation::section).first().isEqualTo("Opening hours");
		assertThat(this.memoryReads).containsExactly(conversation, conversation);
	}

	@Test
	void a_pack_naming_an_assessor_the_application_lacks_is_a_wiring_error() {
		AssessingUnderstanding without = new AssessingUnderstanding(new DomainRuleUnderstanding(), List.of());
		AssistantDefinition faq = TestPacks.faqBot();
		AssistantDefinition named = new AssistantDefinition(faq.id(), faq.name(), faq.description(), faq.inputRails(),
				faq.outputRails(), faq.rules(), faq.retrieval(), faq.replies(), faq.routing(), faq.knowledge(),
				faq.source(), List.of(), dev.tessera.core.assistant.HandoffTriggers.none(),
				Optional.of(new AssistantDefinition.Assessor("desk", java.util.Map.of())));

		assertThat(without.understand(turn(faq), "hello").assessment()).isEmpty();
		assertThatThrownBy(() -> without.understand(turn(named), "hello")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("names the domain assessor 'desk', which this application does not provide");
	}

	private static Turn turn(AssistantDefinition assistant) {
		return new Turn(new TurnRequest("t", "c1", assistant.id(), "hello"), assistant,
				dev.tessera.core.conversation.ConversationTranscript.none());
	}

}
