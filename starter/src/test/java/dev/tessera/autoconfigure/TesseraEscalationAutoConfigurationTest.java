package dev.tessera.autoconfigure;

import java.util.Optional;
import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.escalation.ChatModelEscalator;
import dev.tessera.core.escalation.EscalationBudget;
import dev.tessera.core.escalation.Escalator;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffState;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.TurnResult;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code tessera.escalation.*} wired into the turn, against a fake OpenAI-compatible server on loopback.
 */
class TesseraEscalationAutoConfigurationTest {

	private final WireMockServer provider = new WireMockServer(WireMockConfiguration.options().dynamicPort());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				TesseraEscalationAutoConfiguration.class, TesseraKnowledgeAutoConfiguration.class,
				TesseraAssistantsAutoConfiguration.class, TesseraConversationsAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
				"tessera.data-dir=target/test-data/escalation-" + UUID.randomUUID(),
				"tessera.packs.include-classpath=false",
				"tessera.packs.locations=classpath:sample-packs/*/assistant.yaml");

	@BeforeEach
	void start() {
		this.provider.start();
		this.provider.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
				{"id": "chatcmpl-1", "object": "chat.completion", "created": 1700000000, "model": "served-model",
				 "choices": [{"index": 0, "message": {"role": "assistant", "content": "Ask the ticket office."},
				              "logprobs": null, "finish_reason": "stop"}],
				 "usage": {"prompt_tokens": 40, "completion_tokens": 5, "total_tokens": 45}}""")));
	}

	@AfterEach
	void stop() {
		this.provider.stop();
	}

	private static TurnResult ask(ConversationService service, String message) {
		return service.send("default", service.start("default", "opening-hours").id(), message);
	}

	@Test
	void without_a_provider_escalations_become_queued_hand_offs() {
		this.runner.run(context -> {
			assertThat(context.getBean(Escalator.class).available()).isFalse();
			TurnResult result = ask(context.getBean(ConversationService.class), "Can I bring my dog?");

			assertThat(result.route()).isEqualTo(Route.HANDOFF_HUMAN);
			assertThat(context.getBean(HandoffQueue.class).list("default", Optional.of(HandoffState.OPEN), 10))
				.singleElement()
				.satisfies(item -> assertThat(item.conversationId()).isEqualTo(result.conversationId()));
		});
	}

	@Test
	void an_openai_compatible_provider_answers_escalated_turns_within_the_tenant_budget() {
		this.runner
			.withPropertyValues("tessera.escalation.provider=openai",
					"tessera.escalation.openai.base-url=http://localhost:" + this.provider.port() + "/v1",
					"tessera.escalation.openai.model=served-model", "tessera.escalation.budget.max-escalations=5",
					"tessera.escalation.budget.tenants.default.max-escalations=1")
			.run(context -> {
				assertThat(context.getBean(Escalator.class)).isInstanceOf(ChatModelEscalator.class);
				ConversationService service = context.getBean(ConversationService.class);

				TurnResult first = ask(service, "Can I bring my dog?");
				TurnResult second = ask(service, "Can I bring my cat?");

				assertThat(first.route()).isEqualTo(Route.ESCALATE_LLM);
				assertThat(first.text()).isEqualTo("Ask the ticket office.");
				assertThat(second.route()).as("the tenant's own limit of 1 applies").isEqualTo(Route.HANDOFF_HUMAN);
				assertThat(second.routeReason()).contains("over_budget");
				assertThat(context.getBean(EscalationBudget.class).usage("default").tokens()).isEqualTo(45);
				assertThat(this.provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(1);
			});
	}

	@Test
	void an_openai_provider_without_a_model_name_stops_start_up_saying_so() {
		this.runner.withPropertyValues("tessera.escalation.provider=openai").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tessera.escalation.provider=openai needs tessera.escalation.openai.model");
		});
	}


	@Test
	void a_generation_provider_writes_the_local_answers_from_the_sources() {
		this.runner
			.withPropertyValues("tessera.generation.provider=openai",
					"tessera.generation.openai.base-url=http://localhost:" + this.provider.port() + "/v1",
					"tessera.generation.openai.model=small-model")
			.run(context -> {
				TurnResult result = ask(context.getBean(ConversationService.class), "When is the museum open?");

				assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
				assertThat(result.model()).isEqualTo("small-model");
				assertThat(result.text()).isEqualTo("Ask the ticket office.");
				String sent = this.provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))
					.getFirst()
					.getBodyAsString();
				assertThat(sent).contains("The museum is open from 10 am to 5 pm", "\"model\":\"small-model\"");
			});
	}

	@Test
	void without_a_generation_provider_local_answers_are_grounded_templates() {
		this.runner.run(context -> {
			TurnResult result = ask(context.getBean(ConversationService.class), "When is the museum open?");

			assertThat(result.route()).isEqualTo(Route.ANSWER_LOCAL);
			assertThat(result.model()).isEqualTo("grounded-template");
			assertThat(this.provider.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).isEmpty();
		});
	}

	@Test
	void a_local_generation_provider_without_a_decoder_stops_start_up_saying_so() {
		this.runner.withPropertyValues("tessera.generation.provider=local").run(context -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.hasMessageContaining("tessera.generation.provider=local needs a local decoder");
		});
	}

}
