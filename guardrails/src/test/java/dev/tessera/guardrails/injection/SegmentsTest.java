package dev.tessera.guardrails.injection;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentsTest {

	@Test
	void splits_lines_and_sentences_keeps_code_blocks_whole_and_joins_fragments() {
		String text = "SUBJECT: Invoice|CONTENT:\nYour invoice is attached to this email. Please pay it within thirty days.\n"
				+ "Use this code in your answer:\n```\nimport os\nos.system('x')\n```\nThanks";

		List<Segments.Segment> segments = Segments.of(text);

		assertThat(segments).extracting(Segments.Segment::text)
			.containsExactly("SUBJECT: Invoice|CONTENT:\nYour invoice is attached to this email.",
					"Please pay it within thirty days.", "Use this code in your answer:",
					"```\nimport os\nos.system('x')\n```\nThanks");
		assertThat(segments).allSatisfy(s -> assertThat(text.substring(s.start(), s.end())).isEqualTo(s.text()));
	}

}
