package dev.tessera.core.turn.understand;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LexiconSentimentTest {

	private final LexiconSentiment sentiment = new LexiconSentiment();

	@Test
	void neutral_questions_score_zero() {
		assertThat(this.sentiment.score("Where is order 100103?")).isZero();
		assertThat(this.sentiment.score("")).isZero();
	}

	@Test
	void anger_scores_strongly_negative_and_a_mild_complaint_does_not() {
		assertThat(this.sentiment.score("This is the worst service ever, absolutely disgraceful!")).isLessThan(-0.9);
		assertThat(this.sentiment.score("I'm really angry, my parcel is late again")).isLessThan(-0.5);
		assertThat(this.sentiment.score("My delivery is late")).isBetween(-0.5, -0.1);
	}

	@Test
	void a_negation_halves_and_flips_a_word_and_capitals_and_exclamations_strengthen_it() {
		// happy: 2.2; "not happy": -1.1 -> -1.1 / sqrt(1.21 + 15)
		assertThat(this.sentiment.score("I am not happy")).isCloseTo(-1.1 / Math.sqrt(1.21 + 15), within(1e-9));
		assertThat(this.sentiment.score("USELESS")).isLessThan(this.sentiment.score("useless"));
		assertThat(this.sentiment.score("useless!!")).isLessThan(this.sentiment.score("useless"));
		assertThat(this.sentiment.score("Thanks, that was really helpful")).isGreaterThan(0.5);
	}

}
