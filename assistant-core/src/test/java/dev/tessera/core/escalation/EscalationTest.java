package dev.tessera.core.escalation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.handoff.HandoffItem;
import dev.tessera.core.handoff.HandoffQueueingRecorder;
import dev.tessera.core.handoff.HandoffState;
import dev.tessera.core.handoff.JdbcHandoffQueue;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.DefaultTurnPipeline;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.respond.EscalatingResponder;
import dev.tessera.core.turn.respond.GroundedTemplateResponder;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole turns escalated through Spring AI's OpenAI chat model to a fake OpenAI-compatible server (WireMock on
 * loopback), with the real pipeline, rails, Lucene and an H2 database for the budget and the hand-off queue.
 */
class EscalationTest {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String UNSUPPORTED = "What is the capital of Peru? Write to jane@example.com";

	private final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final LuceneKnowledgeStore store = LuceneKnowledgeStore.inMemory();

	private final AssistantDefinition routed = TestPacks.routedFaq();

	private JdbcEscalationBudget budget;

	private JdbcHandoffQueue handoffs;

	private ChatModelEscalator escalator;

	@BeforeEach
	void start() {
		this.provider.start();
		new TesseraSchema(this.dataSource).migrate();
		TestPacks.indexLexically(this.store, this.routed);
	}

	@AfterEach
	void stop() throws Exception {
		this.provider.stop();
		this.store.close();
		if (this.escalator != null) {
			this.escalator.close();
		}
	}

	/** The server's wiring, with the given budget and guard settings. */
	private ConversationService service(BudgetLimits limits, EscalationSettings settings) {
		return service(limits, settings, true);
	}

	private ConversationService service(BudgetLimits limits, EscalationSettings settings, boolean withProvider) {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		JdbcConversationRepository conversations = new JdbcConversationRepository(jdbc);
		this.budget = new JdbcEscalationBudget(jdbc, tenant -> limits, Clock.systemUTC());
		this.handoffs = new JdbcHandoffQueue(jdbc, conversations, transactions, Clock.systemUTC());
		PiiPatternRail pii = new PiiPatternRail();
		OpenAiChatModel model = OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl("http://localhost:" + this.provider.port() + "/v1")
				.apiKey("test-key")
				.model("big-model")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(10))
				.build())
			.build();
		this.escalator = new ChatModelEscalator(model, "big-model", this.budget, new ContextRedactor(pii), settings);
		Escalator used = withProvider ? this.escalator : Escalator.none();
		RailChain rails = new RailChain(List.of(pii, new InstructionOverrideRail(), new RequiredNoticeRail()));
		DefaultTurnPipeline pipeline = DefaultTurnPipeline.builder(new DefaultAssistantCatalog(List.of(this.routed)))
			.inputRails(new PolicyInputRails(rails))
			.understanding(new DomainRuleUnderstanding())
			.retriever(new StoreKnowledgeRetriever(this.store, null))
			.router(new DefaultRouter(used.available()))
			.responder(new EscalatingResponder(new GroundedTemplateResponder(), used))
			.outputRails(new PolicyOutputRails(rails))
			.recorder(new HandoffQueueingRecorder(
					new JdbcTurnRecorder(conversations, new JdbcAuditLog(jdbc, transactions), transactions), this.handoffs,
					conversations, new ContextRedactor(pii), transactions))
			.build();
		return new ConversationService(new DefaultAssistantCatalog(List.of(this.routed)), conversations, pipeline,
				4000);
	}

	private static EscalationSettings settings(Duration timeout, int attempts, int window) {
		return new EscalationSettings(timeout, attempts, Duration.ofMillis(10), 50, window, window,
				Duration.ofMinutes(5));
	}

	private static TurnResult ask(ConversationService service, String message) {
		String conversation = service.start("tenant-a", "routed-faq").id();
		return service.send("tenant-a", conversation, message);
	}

	private static ResponseDefinitionBuilder completion(String text) {
		return okJson("""
				{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "big-model-2025",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s", "refusal": null},
				              "logprobs": null, "finish_reason": "stop"}],
				 "usage": {"prompt_tokens": 120, "completion_tokens": 8, "total_tokens": 128}}""".formatted(text));
	}

	private int calls() {
		return this.provider.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).size();
	}

	private HandoffItem handoffOf(TurnResult result) {
		return this.handoffs.list("tenant-a", Optional.of(HandoffState.OPEN), 100)
			.stream()
			.filter(item -> item.conversationId().equals(result.conversationId()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no open hand-off for " + result.conversationId()));
	}

	@Test
	void an_unsupported_question_is_answered_by_the_large_model_with_redacted_context_and_counted() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).withHeader("Authorization", equalTo("Bearer test-key"))
			.willReturn(completion("Lima is the capital of Peru.")));
		ConversationService service = service(BudgetLimits.unlimited(), EscalationSettings.defaults());

		TurnResult result = ask(service, UNSUPPORTED);

		assertThat(result.route()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(result.text()).isEqualTo("Lima is the capital of Peru.");
		assertThat(result.model()).isEqualTo("big-model-2025");
		assertThat(result.trail()).filteredOn(step -> step.stage().equals("respond"))
			.singleElement()
			.extracting(DecisionStep::detail)
			.asString()
			.contains("answered by the large model big-model-2025 (128 tokens, 1 attempt(s))");
		String sent = this.provider.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).getFirst().getBodyAsString();
		assertThat(sent).contains("[EMAIL_1]").doesNotContain("jane@example.com").contains("\"model\":\"big-model\"");
		assertThat(this.budget.usage("tenant-a")).satisfies(usage -> {
			assertThat(usage.escalations()).isEqualTo(1);
			assertThat(usage.tokens()).isEqualTo(128);
		});
		assertThat(this.handoffs.list("tenant-a", Optional.empty(), 100)).isEmpty();
	}

	@Test
	void a_slow_provider_times_out_and_the_turn_goes_to_a_person() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(completion("too late").withFixedDelay(3000)));
		ConversationService service = service(BudgetLimits.unlimited(), settings(Duration.ofMillis(300), 1, 10));

		long started = System.nanoTime();
		TurnResult result = ask(service, UNSUPPORTED);
		long millis = (System.nanoTime() - started) / 1_000_000;

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.text()).startsWith("I don't know that one, so I won't guess.");
		assertThat(result.routeReason()).contains("timeout: no answer within 300 ms");
		assertThat(millis).as("the turn waited for the timeout, not for the provider").isLessThan(2500);
		assertThat(handoffOf(result).reason()).contains("timeout");
		assertThat(this.budget.usage("tenant-a").escalations()).as("a failed call costs nothing").isZero();
	}

	@Test
	void a_server_error_is_retried_then_handed_off() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(503)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"error\": {\"message\": \"overloaded\", \"type\": \"server_error\"}}")));
		ConversationService service = service(BudgetLimits.unlimited(), settings(Duration.ofSeconds(5), 2, 10));

		TurnResult result = ask(service, UNSUPPORTED);

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.routeReason()).contains("provider_error").contains("2 attempts");
		assertThat(calls()).isEqualTo(2);
		HandoffItem item = handoffOf(result);
		assertThat(item.context()).contains("user: What is the capital of Peru? Write to [EMAIL_1]")
			.doesNotContain("jane@example.com");
	}

	@Test
	void a_malformed_reply_is_handed_off() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("<html>")));
		ConversationService service = service(BudgetLimits.unlimited(), settings(Duration.ofSeconds(5), 1, 10));

		TurnResult result = ask(service, UNSUPPORTED);

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.routeReason()).contains("malformed_reply");
	}

	@Test
	void a_completion_without_text_is_malformed_too() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(okJson("""
				{"id": "chatcmpl-2", "object": "chat.completion", "created": 1700000000, "model": "big-model",
				 "choices": []}""")));
		ConversationService service = service(BudgetLimits.unlimited(), settings(Duration.ofSeconds(5), 1, 10));

		TurnResult result = ask(service, UNSUPPORTED);

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.routeReason()).contains("malformed_reply");
	}

	@Test
	void after_repeated_failures_the_circuit_opens_and_calls_stop_reaching_the_provider() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(500)));
		ConversationService service = service(BudgetLimits.unlimited(), settings(Duration.ofSeconds(5), 1, 2));

		ask(service, UNSUPPORTED);
		ask(service, UNSUPPORTED);
		int callsBeforeOpen = calls();
		TurnResult third = ask(service, UNSUPPORTED);

		assertThat(callsBeforeOpen).isEqualTo(2);
		assertThat(third.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(third.routeReason()).contains("circuit_open");
		assertThat(calls()).as("the open circuit refused the call").isEqualTo(2);
		assertThat(this.escalator.circuitBreaker().getState().name()).isEqualTo("OPEN");
	}

	@Test
	void over_budget_the_provider_is_not_called_and_a_person_takes_over() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(completion("Lima.")));
		ConversationService service = service(new BudgetLimits(Duration.ofDays(1), 1, Long.MAX_VALUE),
				EscalationSettings.defaults());

		TurnResult first = ask(service, UNSUPPORTED);
		TurnResult second = ask(service, "Who wrote Don Quixote?");

		assertThat(first.route()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(second.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(second.routeReason()).contains("over_budget")
			.contains("tenant 'tenant-a' has used its 1 escalations");
		assertThat(calls()).isEqualTo(1);
	}

	@Test
	void a_token_budget_stops_escalations_once_spent() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(completion("Lima.")));
		ConversationService service = service(new BudgetLimits(Duration.ofDays(1), Long.MAX_VALUE, 100),
				EscalationSettings.defaults());

		TurnResult first = ask(service, UNSUPPORTED);
		TurnResult second = ask(service, UNSUPPORTED);

		assertThat(first.route()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(second.routeReason()).contains("has used 128 of its 100 tokens");
	}

	@Test
	void without_a_provider_the_router_hands_off_and_nothing_is_called() {
		this.provider.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(completion("Lima.")));
		ConversationService service = service(BudgetLimits.unlimited(), EscalationSettings.defaults(), false);

		TurnResult result = ask(service, UNSUPPORTED);

		assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(result.routeReason()).contains("no large model is configured");
		assertThat(handoffOf(result).state()).isEqualTo(HandoffState.OPEN);
		assertThat(calls()).isZero();
	}

}
