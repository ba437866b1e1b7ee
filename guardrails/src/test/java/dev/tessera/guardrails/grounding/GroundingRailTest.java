package dev.tessera.guardrails.grounding;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.tessera.guardrails.PlaceholderVault;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.inference.encoder.SentenceEncoder;

import static org.assertj.core.api.Assertions.assertThat;

class GroundingRailTest {

	private static final String RETURNS = "You can return most items within 30 days of delivery for a full refund. "
			+ "Items must be unused and in their original packaging. Refunds are paid to the original payment method "
			+ "within 5 working days of the return arriving at our warehouse.";

	private static SentenceEncoder encoder;

	@BeforeAll
	static void load() {
		encoder = SentenceEncoder.allMiniLmL6V2(false, 1, new ConcurrencyGate("test", 1, 0, Duration.ofSeconds(5)));
	}

	@AfterAll
	static void close() {
		encoder.close();
	}

	private static Verdict check(GroundingRail rail, String reply, String... sources) {
		return rail.check(reply,
				new RailContext("shop", RailContext.Direction.OUTPUT, Map.of(), new PlaceholderVault(), List.of(sources)));
	}

	@Test
	void a_reply_quoting_its_source_is_supported() {
		Verdict verdict = check(new GroundingRail(), "From our guidance on Returns:\n\n" + RETURNS, RETURNS,
				"From our guidance on {section}:\n\n{passage}");

		assertThat(verdict.detected()).as(verdict.reason()).isFalse();
		assertThat(verdict.reason()).contains("supported by the 2 sources");
	}

	@Test
	void a_changed_number_is_unsupported_even_when_every_word_matches() {
		Verdict verdict = check(new GroundingRail(),
				"You can return most items within 60 days of delivery for a full refund.", RETURNS);

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.reason()).contains("states 60, which no source says");
		assertThat(verdict.spans()).singleElement().extracting(Verdict.Span::label).isEqualTo("UNSUPPORTED");
	}

	@Test
	void an_invented_sentence_is_removed_by_the_rewrite_and_the_supported_ones_stay() {
		String reply = "You can return most items within 30 days of delivery for a full refund. "
				+ "We also give every returning customer a free gift card. "
				+ "Refunds are paid to the original payment method within 5 working days.";

		Verdict verdict = check(new GroundingRail(encoder), reply, RETURNS);

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.spans()).hasSize(1);
		assertThat(reply.substring(verdict.spans().get(0).start(), verdict.spans().get(0).end()))
			.contains("free gift card");
		assertThat(verdict.rewrittenText()).doesNotContain("gift card")
			.contains("within 30 days")
			.contains("within 5 working days");
	}

	@Test
	void with_the_encoder_a_paraphrase_of_the_source_is_supported_and_without_it_it_is_not() {
		String paraphrase = "Goods you send back must not have been used and must still be in the packaging they came in.";

		assertThat(check(new GroundingRail(), paraphrase, RETURNS).detected()).isTrue();
		Verdict withMeaning = check(new GroundingRail(encoder), paraphrase, RETURNS);
		assertThat(withMeaning.detected()).as(withMeaning.reason()).isFalse();
	}

	@Test
	void questions_greetings_and_placeholders_are_not_claims() {
		Verdict verdict = check(new GroundingRail(),
				"Hello! Could you tell me your order number? I will write to [EMAIL_1] when it ships.",
				"I will write to you when it ships.");

		assertThat(verdict.detected()).as(verdict.reason()).isFalse();
		assertThat(GroundingRail.claims("Thanks! Is that all?")).isEmpty();
	}

	@Test
	void a_reply_with_no_sources_at_all_is_unsupported() {
		Verdict verdict = check(new GroundingRail(encoder), "Paris is the capital of France.");

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.rewrittenText()).isEmpty();
	}

	@Test
	void numbers_are_compared_as_numbers() {
		assertThat(GroundingRail.numbers("It costs 1,000.00 euros, or 14.99 a month"))
			.containsExactlyInAnyOrder("1000", "14.99");
		assertThat(GroundingRail.contentWords("The refunds' policies")).containsExactlyInAnyOrder("refund", "policy");
	}

}
