package dev.tessera.guardrails.abuse;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AbusiveLanguageRailTest {

	private final AbusiveLanguageRail rail = new AbusiveLanguageRail();

	private Verdict check(String text, String categories) {
		return this.rail.check(text, new RailContext("shop", RailContext.Direction.INPUT,
				categories == null ? Map.of() : Map.of("categories", categories)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "You are an idiot", "you're completely useless", "Fuck you", "f*ck you",
			"you stupid b1tch", "u m0r0n", "you f.u.c.k.e.r", "You're a f u c k e r", "Idiot!",
			"you are all thieves and liars" })
	void insults_aimed_at_the_reader_are_detected_through_their_disguises(String text) {
		Verdict verdict = check(text, null);

		assertThat(verdict.detected()).as(text).isTrue();
		assertThat(verdict.spans()).extracting(Verdict.Span::label).contains("INSULT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "I'll find you and hurt you", "I know where you live", "kill yourself",
			"We are going to burn down your warehouse", "You'll regret this" })
	void threats_are_detected(String text) {
		Verdict verdict = check(text, null);

		assertThat(verdict.detected()).as(text).isTrue();
		assertThat(verdict.spans()).extracting(Verdict.Span::label).contains("THREAT");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Where the hell is my parcel?", "I feel like an idiot, I ordered the wrong size",
			"Is this a dumb question?", "My assistant in Scunthorpe sent the class schedule",
			"Please cancel order 100101", "I'll find the receipt and send it to you", "I'll find you a smaller size", "This damn parcel is late again",
			"The stupid box was crushed", "My cocktail glass arrived broken" })
	void frustration_self_reproach_and_innocent_words_pass_by_default(String text) {
		Verdict verdict = check(text, null);

		assertThat(verdict.detected()).as(text + ": " + verdict.reason()).isFalse();
	}

	@Test
	void profanity_counts_only_when_the_policy_asks_for_it_and_the_rewrite_masks_it() {
		Verdict verdict = check("Where the hell is my shitty parcel?", "profanity");

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.reason()).isEqualTo("found 2 profanity");
		assertThat(verdict.rewrittenText()).isEqualTo("Where the h*** is my s***** parcel?");
	}

	@Test
	void stretched_letters_match_but_other_words_with_the_same_letters_do_not() {
		assertThat(check("what the fuuuuck, shiiit", "profanity").reason()).isEqualTo("found 2 profanity");
		// a CUAD clause flagged before: "PPI's" has the letters of "piss", not its double s
		assertThat(check("as a result of PPI's breach of Section 7.2.12", "profanity").detected()).isFalse();
		assertThat(check("a pass for the bus", "profanity").detected()).isFalse();
	}

	@Test
	void a_slur_is_detected_alone() {
		Verdict verdict = check("what a f@ggot", null);

		assertThat(verdict.detected()).isTrue();
		assertThat(verdict.spans()).extracting(Verdict.Span::label).containsExactly("SLUR");
	}

	@Test
	void an_unknown_category_is_a_policy_error_naming_the_setting() {
		assertThatThrownBy(() -> check("hello", "insult, rudeness")).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("'categories'")
			.hasMessageContaining("rudeness");
	}

}
