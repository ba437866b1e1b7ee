package dev.tessera.inference.text;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SentencesTest {

	private static List<String> texts(CharSequence text, List<Sentences.Span> spans) {
		return spans.stream().map(span -> span.of(text)).toList();
	}

	@Test
	void prose_splits_at_sentence_ends_but_not_after_an_abbreviation_or_a_wrapped_line() {
		String text = "See e.g. the notice period. It runs for\nthirty days! Then what? Nothing.";

		assertThat(texts(text, Sentences.of(text))).containsExactly("See e.g. the notice period. ",
				"It runs for\nthirty days! ", "Then what? ", "Nothing.");
	}

	@Test
	void spans_are_lossless_and_carry_offsets_in_the_whole_text() {
		String text = "Header: Terms.  First sentence. Second one.";
		List<Sentences.Span> spans = Sentences.of(text, 15, text.length());

		assertThat(String.join("", texts(text, spans))).isEqualTo(text.substring(15));
		assertThat(spans.getFirst().start()).isEqualTo(15);
		assertThat(spans.getFirst().stripped(text).of(text)).isEqualTo("First sentence.");
	}

	@Test
	void text_written_line_by_line_ends_a_sentence_at_each_line_break_keeping_the_break() {
		String text = "Items:\n- one\n- two\n\nDone. Bye";

		assertThat(texts(text, Sentences.byLine(text))).containsExactly("Items:\n", "- one\n", "- two\n\n", "Done. ",
				"Bye");
	}

	@Test
	void a_growing_text_releases_only_finished_sentences() {
		assertThat(Sentences.finishedEnd("You can return it")).isZero();
		assertThat(Sentences.finishedEnd("You can return it.")).isZero();
		assertThat(Sentences.finishedEnd("You can return it. ")).isEqualTo(19);
		assertThat(Sentences.finishedEnd("You can return it. Refu")).isEqualTo(19);
		assertThat(Sentences.finishedEnd("A list\n- one")).isEqualTo(7);
		assertThat(Sentences.finishedEnd("He said \"Go!\" ")).isEqualTo(14);
	}

	@Test
	void around_finds_the_sentence_holding_a_range() {
		String text = "The term is one year. Either party may end it with 90 days notice. Fees are fixed.";
		int hit = text.indexOf("90 days");

		assertThat(Sentences.around(text, hit, hit + 7).of(text))
			.isEqualTo("Either party may end it with 90 days notice.");
		assertThat(Sentences.around(text, 0, 3).of(text)).isEqualTo("The term is one year.");
		assertThat(Sentences.around(text, hit, text.length()).of(text))
			.isEqualTo("Either party may end it with 90 days notice. Fees are fixed.");
	}

}
