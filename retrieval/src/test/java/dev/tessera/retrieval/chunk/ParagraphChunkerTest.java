package dev.tessera.retrieval.chunk;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.KnowledgeChunk;

import static org.assertj.core.api.Assertions.assertThat;

class ParagraphChunkerTest {

	private static final String DOCUMENT = """
			# Returns policy

			## Return window
			You can return items within 30 days.

			Items must be unused.

			## Refunds
			We refund within 5 working days.
			""";

	private final ParagraphChunker chunker = new ParagraphChunker();

	@Test
	void splits_paragraphs_under_their_section_headings() {
		List<KnowledgeChunk> chunks = this.chunker.chunk("t", "shop", "knowledge/returns.md", "Returns policy", DOCUMENT);

		assertThat(chunks).extracting(KnowledgeChunk::section, KnowledgeChunk::text)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("Return window", "You can return items within 30 days."),
					org.assertj.core.groups.Tuple.tuple("Return window", "Items must be unused."),
					org.assertj.core.groups.Tuple.tuple("Refunds", "We refund within 5 working days."));
	}

	@Test
	void spans_point_at_the_exact_text_in_the_source() {
		for (KnowledgeChunk chunk : this.chunker.chunk("t", "shop", "doc", "Returns policy", DOCUMENT)) {
			assertThat(DOCUMENT.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
		}
	}

	@Test
	void text_without_headings_or_content_gives_sensible_chunks() {
		assertThat(this.chunker.chunk("t", "c", "d", "t", "")).isEmpty();
		assertThat(this.chunker.chunk("t", "c", "d", "t", "\n\n  \n")).isEmpty();
		assertThat(this.chunker.chunk("t", "c", "d", "t", "one line")).singleElement()
			.extracting(KnowledgeChunk::section, KnowledgeChunk::text)
			.containsExactly("", "one line");
	}

}
