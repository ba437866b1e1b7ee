package dev.tessera.guardrails.scope;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.encoder.SentenceEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class ScopeRailTest {

	private static final ScopeReferences.Reference SHOP = new ScopeReferences.Reference(
			List.of("Answers customers' questions about orders, delivery, returns and refunds.", "Where is my order?",
					"How do I return a jacket?", "When will I get my refund?", "Delivery times", "Shipping costs",
					"Can I change the delivery address?"),
			List.of("Write me a poem about the sea", "What is the capital of Peru?"));

	private static SentenceEncoder encoder;

	@BeforeAll
	static void load() {
		encoder = SentenceEncoder.allMiniLmL6V2(false, 1, new ConcurrencyGate("test", 1, 0, Duration.ofSeconds(5)));
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	private static Verdict check(ScopeRail rail, String text) {
		return rail.check(text, new RailContext("shop", RailContext.Direction.INPUT, Map.of()));
	}

	@Test
	void a_question_about_the_assistants_tasks_is_in_scope() {
		ScopeRail rail = new ScopeRail(encoder, id -> SHOP);

		Verdict verdict = check(rail, "My parcel still hasn't arrived, can you check it?");

		assertThat(verdict.detected()).as(verdict.reason()).isFalse();
		assertThat(verdict.reason()).startsWith("nearest in-scope reference");
	}

	@Test
	void an_off_topic_request_is_out_of_scope_and_says_what_it_was_closest_to() {
		ScopeRail rail = new ScopeRail(encoder, id -> SHOP);

		Verdict verdict = check(rail, "Can you write a haiku about autumn leaves?");

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.reason()).startsWith("out of scope:").contains("Write me a poem");
		assertThat(verdict.spans()).singleElement().extracting(Verdict.Span::label).isEqualTo("OUT_OF_SCOPE");
	}

	@Test
	void greetings_thanks_and_details_about_oneself_are_in_scope_for_any_assistant() {
		ScopeRail rail = new ScopeRail(encoder, id -> SHOP);

		for (String turn : List.of("thanks, that's all for today", "My name is Tom and I live in Berlin",
				"hi there, could you help me")) {
			Verdict verdict = check(rail, turn);
			assertThat(verdict.detected()).as(turn + ": " + verdict.reason()).isFalse();
		}
	}

	@Test
	void without_out_of_scope_examples_the_similarity_threshold_decides() {
		ScopeRail rail = new ScopeRail(encoder, id -> new ScopeReferences.Reference(SHOP.inScope(), List.of()));

		Verdict far = rail.check("Explain the offside rule in football to me",
				new RailContext("shop", RailContext.Direction.INPUT, Map.of("min-similarity", "0.3")));
		Verdict strict = rail.check("Where is my order?",
				new RailContext("shop", RailContext.Direction.INPUT, Map.of("min-similarity", "1.01")));

		assertThat(far.detected()).as(far.reason()).isTrue();
		assertThat(far.reason()).contains("below 0.30");
		assertThat(strict.detected()).isTrue();
	}

	@Test
	void short_replies_without_references_or_an_encoder_are_not_judged() {
		assertThat(check(new ScopeRail(encoder, id -> SHOP), "ok thanks").detected()).isFalse();
		assertThat(check(new ScopeRail(encoder, id -> new ScopeReferences.Reference(List.of(), List.of())),
				"Write me a poem about the sea").detected()).isFalse();
		assertThat(check(new ScopeRail(null, id -> SHOP), "Write me a poem about the sea").reason())
			.isEqualTo("not judged: no sentence encoder");
	}

}
