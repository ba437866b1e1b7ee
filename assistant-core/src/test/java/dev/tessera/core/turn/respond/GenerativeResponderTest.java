package dev.tessera.core.turn.respond;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.Set;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.RoutingPolicy;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.inference.chat.ChatTemplate;
import dev.tessera.inference.chat.LocalChatModel;
import dev.tessera.inference.decoder.OnnxCausalLm;
import dev.tessera.inference.decoder.SamplingOptions;
import dev.tessera.inference.decoder.TextGenerator;
import dev.tessera.inference.imports.ModelImporter;
import dev.tessera.inference.registry.ModelDirectory;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.testing.SharedFixtures;
import dev.tessera.inference.tokenizer.HuggingFaceTextTokenizer;
import dev.tessera.core.assistant.DefaultAssistantCatalog;
import dev.tessera.core.audit.JdbcAuditLog;
import dev.tessera.core.turn.record.JdbcTurnRecorder;
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.conversation.JdbcConversationRepository;
import dev.tessera.core.escalation.ContextRedactor;
import dev.tessera.core.persistence.TesseraSchema;
import dev.tessera.core.testing.OpenAiChunkStream;
import dev.tessera.core.testing.TestPacks;
import dev.tessera.core.tool.ParcelLookupTool;
import dev.tessera.core.tool.ToolRegistry;
import dev.tessera.core.turn.DecisionStep;
import dev.tessera.core.turn.DefaultTurnPipeline;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;
import dev.tessera.core.turn.dialogue.DefaultDialogueStage;
import dev.tessera.core.turn.dialogue.InMemoryConversationMemory;
import dev.tessera.core.turn.rails.PolicyInputRails;
import dev.tessera.core.turn.rails.PolicyOutputRails;
import dev.tessera.core.turn.retrieve.StoreKnowledgeRetriever;
import dev.tessera.core.turn.route.DefaultRouter;
import dev.tessera.core.turn.understand.DomainRuleUnderstanding;
import dev.tessera.core.turn.TurnStream;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain;
import dev.tessera.guardrails.RailPolicy;
import dev.tessera.guardrails.grounding.GroundingRail;
import dev.tessera.guardrails.injection.InstructionOverrideRail;
import dev.tessera.guardrails.notice.RequiredNoticeRail;
import dev.tessera.guardrails.pii.PiiPatternRail;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local answers written by a generative model (Spring AI's OpenAI chat model against a fake OpenAI-compatible server,
 * WireMock on loopback) from the retrieved passages and the tool's result, on the real pipeline with a tool.
 */
class GenerativeResponderTest {

	private static final String COMPLETIONS = "/v1/chat/completions";

	private static final String EMAIL = "rosa@example.org";

	private final WireMockServer server = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private final DataSource dataSource = new DriverManagerDataSource(
			"jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");

	private final LuceneKnowledgeStore store = LuceneKnowledgeStore.inMemory();

	private final ToolRegistry tools = new ToolRegistry(List.of(new ParcelLookupTool()));

	private final AssistantDefinition desk = TestPacks.parcelDesk(this.tools);

	private ConversationService service;

	@BeforeEach
	void start() {
		this.server.start();
		new TesseraSchema(this.dataSource).migrate();
		TestPacks.indexLexically(this.store, this.desk);
		wire(this.desk);
	}

	private void wire(AssistantDefinition pack) {
		wire(pack, OpenAiChatModel.builder()
			.options(OpenAiChatOptions.builder()
				.baseUrl("http://localhost:" + this.server.port() + "/v1")
				.apiKey("test-key")
				.model("small-model")
				.maxRetries(0)
				.timeout(Duration.ofSeconds(10))
				.build())
			.build(), "small-model");
	}

	private void wire(AssistantDefinition pack, ChatModel model, String modelName) {
		JdbcClient jdbc = JdbcClient.create(this.dataSource);
		TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(this.dataSource));
		JdbcConversationRepository conversations = new JdbcConversationRepository(jdbc);
		PiiPatternRail pii = new PiiPatternRail();
		RailChain rails = new RailChain(
				List.of(pii, new InstructionOverrideRail(), new RequiredNoticeRail(), new GroundingRail()));
		DefaultAssistantCatalog catalog = new DefaultAssistantCatalog(List.of(pack));
		DefaultTurnPipeline pipeline = DefaultTurnPipeline.builder(catalog)
			.transcript(conversations::findMessages)
			.inputRails(new PolicyInputRails(rails))
			.understanding(new DomainRuleUnderstanding())
			.retriever(new StoreKnowledgeRetriever(this.store, null))
			.dialogue(new DefaultDialogueStage(this.tools, InMemoryConversationMemory.defaults(), new ContextRedactor(pii)))
			.router(new DefaultRouter(false))
			.responder(new GenerativeResponder(new GroundedTemplateResponder(), model, modelName,
					new ContextRedactor(pii)))
			.outputRails(new PolicyOutputRails(rails))
			.recorder(new JdbcTurnRecorder(conversations, new JdbcAuditLog(jdbc, transactions), transactions))
			.build();
		this.service = new ConversationService(catalog, conversations, pipeline, 4000);
	}

	@AfterEach
	void stop() throws Exception {
		this.server.stop();
		this.store.close();
	}

	private static ResponseDefinitionBuilder completion(String text) {
		return okJson("""
				{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "small-model",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": "%s", "refusal": null},
				              "logprobs": null, "finish_reason": "stop"}],
				 "usage": {"prompt_tokens": 90, "completion_tokens": 12, "total_tokens": 102}}""".formatted(text));
	}

	private TurnResult send(String message) {
		return this.service.send("tenant-a", this.service.start("tenant-a", "parcel-desk").id(), message);
	}

	/** The messages of the one request the server received. */
	private JsonNode sentMessages() {
		List<LoggedRequest> requests = this.server.findAll(postRequestedFor(urlEqualTo(COMPLETIONS)));
		assertThat(requests).hasSize(1);
		return JsonMapper.builder().build().readTree(requests.getFirst().getBodyAsString()).path("messages");
	}

	/** The desk with {@code routing.min-generation-confidence} at the given value. */
	private AssistantDefinition deskRequiring(double minGenerationConfidence) {
		AssistantDefinition d = this.desk;
		RoutingPolicy r = d.routing();
		RoutingPolicy routing = new RoutingPolicy(r.onUnsupported(), r.maxWords(), r.maxQuestions(), r.onComplex(),
				r.minHeadConfidence(), OptionalDouble.of(minGenerationConfidence), Route.HANDOFF_HUMAN,
				r.operatingPoint());
		return new AssistantDefinition(d.id(), d.name(), d.description(), d.inputRails(), d.outputRails(), d.rules(),
				d.retrieval(), d.replies(), routing, d.knowledge(), d.source(), d.tools(), d.handoffWhen(), d.assessor());
	}

	/**
	 * The local decoder (stories260K, imported by our own code) reports how sure it was of its text; the pack's
	 * {@code min-generation-confidence} keeps the answer above it and hands the turn on below it, streamed or not.
	 */
	@Test
	void the_local_models_confidence_keeps_or_hands_on_its_answer_at_the_packs_minimum(@TempDir Path work)
			throws Exception {
		Path stories = SharedFixtures.stories260K();
		new ModelImporter().importLlama2c(stories.resolve("stories260K.bin"), stories.resolve("tok512.bin"), work,
				"stories260K");
		ModelDirectory directory = ModelDirectory.open(work);
		try (OnnxCausalLm decoder = new OnnxCausalLm(directory.file("model"), 1);
				HuggingFaceTextTokenizer tokenizer = HuggingFaceTextTokenizer.fromFile(directory.file("tokenizer"))) {
			LocalChatModel local = new LocalChatModel("stories260K", new TextGenerator(decoder, tokenizer), tokenizer,
					ChatTemplate.plain(), Set.of(2L), new LocalChatModel.Defaults(24, SamplingOptions.GREEDY),
					new ConcurrencyGate("stories260K", 1, 4, Duration.ofSeconds(30)));
			wire(deskRequiring(0.000001), local, "stories260K");
			TurnResult kept = send("What are the collection times?");
			assertThat(kept.route()).isEqualTo(Route.ANSWER_LOCAL);
			assertThat(kept.model()).isEqualTo("stories260K");
			String respond = kept.trail().stream().filter(step -> step.stage().equals("respond")).findFirst()
				.orElseThrow().detail();
			java.util.regex.Matcher reported = java.util.regex.Pattern.compile("confidence (0\\.\\d+)").matcher(respond);
			assertThat(reported.find()).as(respond).isTrue();
			double confidence = Double.parseDouble(reported.group(1));
			assertThat(confidence).isGreaterThan(0.0).isLessThan(1.0);

			wire(deskRequiring(confidence / 2), local, "stories260K");
			assertThat(send("What are the collection times?").route()).isEqualTo(Route.ANSWER_LOCAL);

			wire(deskRequiring(Math.min(1.0, confidence * 1.5 + 0.01)), local, "stories260K");
			TurnResult handedOn = send("What are the collection times?");
			assertThat(handedOn.route()).isEqualTo(Route.HANDOFF_HUMAN);
			assertThat(handedOn.proposals()).anySatisfy(p -> {
				assertThat(p.source()).isEqualTo(RouteProposal.Source.GENERATION);
				assertThat(p.reason()).contains("generation confidence");
			});
			TurnResult streamed = this.service.send(this.service.start("tenant-a", "parcel-desk"),
					"What are the collection times?", new TurnStream() {

						@Override
						public void release(String text) {
						}

						@Override
						public void retract(String reason) {
						}

					});
			assertThat(streamed.route()).isEqualTo(Route.HANDOFF_HUMAN);
		}
	}

	@Test
	void a_supported_question_is_answered_by_the_model_from_the_numbered_sources_and_cited() {
		this.server.stubFor(post(urlEqualTo(COMPLETIONS))
			.willReturn(completion("You can collect parcels from 8 am to 6 pm on working days [1].")));

		TurnResult result = send("What are the collection times?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.model()).isEqualTo("small-model");
		assertThat(result.text()).isEqualTo("You can collect parcels from 8 am to 6 pm on working days [1].");
		assertThat(result.citations()).first().satisfies(c -> assertThat(c.section()).isEqualTo("Collection times"));
		assertThat(result.trail()).filteredOn(step -> step.stage().equals("respond"))
			.singleElement()
			.extracting(DecisionStep::detail)
			.asString()
			.contains("generated by small-model from");
		JsonNode messages = sentMessages();
		assertThat(messages.get(0).path("role").asString()).isEqualTo("system");
		assertThat(messages.get(0).path("content").asString()).startsWith("You are Parcel desk.")
			.contains("using only the sources and the tool result below")
			.contains("[1] Parcel desk guide - Collection times\nParcels can be collected at the desk from 8 am");
		assertThat(messages.get(1).path("role").asString()).isEqualTo("user");
		assertThat(messages.get(1).path("content").asString()).isEqualTo("What are the collection times?");
	}

	@Test
	void a_streamed_answer_is_released_sentence_by_sentence_after_the_rails_and_an_unsupported_sentence_never_shows() {
		RailPolicy output = new RailPolicy(List.of(new RailPolicy.Entry("pii", RailAction.REDACT, Map.of()),
				new RailPolicy.Entry("grounding", RailAction.REWRITE, Map.of())));
		AssistantDefinition d = this.desk;
		wire(new AssistantDefinition(d.id(), d.name(), d.description(), d.inputRails(), output, d.rules(),
				d.retrieval(), d.replies(), d.routing(), d.knowledge(), d.source(), d.tools(), d.handoffWhen(),
				d.assessor()));
		this.server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(OpenAiChunkStream.of("You can collect parcels", " from 8 am to 6 pm on working days [1].",
					" We also deliver parcels to your flat for free.", " Bring the collection code we sent you."))));
		List<String> events = new ArrayList<>();

		TurnResult result = this.service.send(this.service.start("tenant-a", "parcel-desk"),
				"What are the collection times?", new TurnStream() {
					@Override
					public void routed(Route route) {
						events.add("routed:" + route);
					}

					@Override
					public void release(String text) {
						events.add("release:" + text);
					}

					@Override
					public void retract(String reason) {
						events.add("retract:" + reason);
					}
				});

		assertThat(events).containsExactly("routed:ANSWER_LOCAL",
				"release:You can collect parcels from 8 am to 6 pm on working days [1]. ",
				"release:Bring the collection code we sent you.");
		assertThat(result.text()).isEqualTo(
				"You can collect parcels from 8 am to 6 pm on working days [1]. Bring the collection code we sent you.");
		assertThat(result.model()).isEqualTo("small-model");
		assertThat(result.rails()).filteredOn(finding -> finding.rail().equals("grounding"))
			.singleElement()
			.satisfies(finding -> assertThat(finding.reason()).contains("detected in 1 of 3 sentence(s)"));
		assertThat(this.server.findAll(postRequestedFor(urlEqualTo(COMPLETIONS))).getFirst().getBodyAsString())
			.contains("\"stream\":true");
	}

	@Test
	void a_tool_result_is_sent_as_fields_with_the_templates_reply_and_no_personal_value() {
		this.server.stubFor(post(urlEqualTo(COMPLETIONS))
			.willReturn(completion("Good news: parcel P1234 is on shelf B3 at the north entrance desk.")));

		TurnResult result = send("Is there a parcel for me? Code P1234, " + EMAIL);

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.model()).isEqualTo("small-model");
		assertThat(result.text()).isEqualTo("Good news: parcel P1234 is on shelf B3 at the north entrance desk.");
		String system = sentMessages().get(0).path("content").asString();
		assertThat(system).contains("Tool result (parcel-lookup, outcome waiting):\ncode: P1234\ndesk: north entrance\nshelf: B3")
			.contains("The standard reply for this result: Parcel P1234 is waiting for you at the north entrance desk, shelf B3.")
			.doesNotContain(EMAIL);
		assertThat(sentMessages().get(1).path("content").asString()).contains("[EMAIL_1]").doesNotContain(EMAIL);
	}

	@Test
	void a_follow_up_question_stays_the_packs_template_and_calls_no_model() {
		TurnResult result = send("Is there a parcel for me?");

		assertThat(result.model()).isEqualTo(GroundedTemplateResponder.MODEL);
		assertThat(result.text()).isEqualTo(
				"I can check that. Please tell me your collection code (P and four digits) and your email address.");
		assertThat(this.server.findAll(postRequestedFor(urlEqualTo(COMPLETIONS)))).isEmpty();
	}

	@Test
	void when_the_model_fails_the_grounded_template_answers_and_the_trail_says_why() {
		this.server.stubFor(post(urlEqualTo(COMPLETIONS)).willReturn(aResponse().withStatus(500)));

		TurnResult result = send("What are the collection times?");

		assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
		assertThat(result.model()).isEqualTo(GroundedTemplateResponder.MODEL);
		assertThat(result.text()).startsWith("From Parcel desk guide (Collection times): Parcels can be collected");
		assertThat(result.trail()).filteredOn(step -> step.stage().equals("respond"))
			.singleElement()
			.extracting(DecisionStep::detail)
			.asString()
			.contains("the generative model failed", "answered with the grounded template");
	}

}
