package dev.tessera.retrieval.chunk;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.KnowledgeChunk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.groups.Tuple.tuple;

class StructureAwareChunkerTest {

	/** One token per word: makes the limits in these tests easy to reason about. */
	private static final TokenCounter WORDS = text -> text.strip().split("\\s+").length;

	private static final String POLICY = """
			# Returns policy

			## Return window
			You can return items within 30 days.

			Items must be unused.

			## Refunds
			We refund within 5 working days.
			""";

	@Test
	void packs_paragraphs_of_a_section_together_and_never_across_sections() {
		List<KnowledgeChunk> chunks = new StructureAwareChunker(WORDS, 128, 24).chunk("t", "shop", "returns.md",
				"Returns policy", POLICY);

		assertThat(chunks).extracting(KnowledgeChunk::section, KnowledgeChunk::text)
			.containsExactly(tuple("Return window", "You can return items within 30 days.\n\nItems must be unused."),
					tuple("Refunds", "We refund within 5 working days."));
	}

	@Test
	void spans_point_at_the_exact_text_in_the_source() {
		String contract = contract();
		List<KnowledgeChunk> chunks = new StructureAwareChunker(WORDS, 20, 6).chunk("t", "c", "d", "Contract",
				contract);
		assertThat(chunks).isNotEmpty();
		for (KnowledgeChunk chunk : chunks) {
			assertThat(contract.substring(chunk.start(), chunk.end())).isEqualTo(chunk.text());
		}
	}

	@Test
	void contract_headings_set_sections_and_numbered_clauses_start_their_own_chunk() {
		List<KnowledgeChunk> chunks = new StructureAwareChunker(WORDS, 128, 24).chunk("t", "c", "msa.txt", "MSA",
				contract());

		assertThat(chunks).extracting(KnowledgeChunk::section)
			.containsExactly("1. Definitions", "ARTICLE 2 LIMITATION OF LIABILITY", "ARTICLE 2 LIMITATION OF LIABILITY",
					"GOVERNING LAW");
		assertThat(chunks.get(0).text()).startsWith("\"Services\" means").endsWith("payable under clause 4.");
		assertThat(chunks.get(1).text()).startsWith("2.1 Neither party").doesNotContain("2.2");
		assertThat(chunks.get(2).text()).startsWith("2.2 The cap");
		assertThat(chunks.get(3).text()).isEqualTo("This Agreement is governed by the laws of England.");
	}

	@Test
	void a_long_paragraph_is_split_between_sentences_with_overlap_and_every_chunk_fits() {
		StringBuilder paragraph = new StringBuilder();
		for (int i = 1; i <= 30; i++) {
			paragraph.append("Sentence number ").append(i).append(" has six words. ");
		}
		String text = "## Long\n" + paragraph.toString().strip() + "\n";
		List<KnowledgeChunk> chunks = new StructureAwareChunker(WORDS, 30, 12).chunk("t", "c", "d", "Doc", text);

		assertThat(chunks).hasSizeGreaterThan(5);
		assertThat(chunks).allSatisfy(chunk -> assertThat(WORDS.count(chunk.text())).isLessThanOrEqualTo(30));
		for (int i = 1; i < chunks.size(); i++) {
			KnowledgeChunk previous = chunks.get(i - 1);
			KnowledgeChunk next = chunks.get(i);
			// the next chunk starts inside the previous one: its last two sentences (12 words) are repeated
			assertThat(next.start()).isGreaterThan(previous.start()).isLessThan(previous.end());
			assertThat(previous.text()).endsWith(text.substring(next.start(), previous.end()));
			assertThat(WORDS.count(text.substring(next.start(), previous.end()))).isEqualTo(12);
		}
		// nothing is lost: the chunks cover the paragraph from its first to its last character
		assertThat(chunks.get(0).start()).isEqualTo(text.indexOf("Sentence number 1 "));
		assertThat(chunks.get(chunks.size() - 1).end()).isEqualTo(text.strip().length());
	}

	@Test
	void a_sentence_longer_than_the_limit_is_cut_between_words() {
		String text = "word ".repeat(100).strip();
		List<KnowledgeChunk> chunks = new StructureAwareChunker(WORDS, 32, 0).chunk("t", "c", "d", "Doc", text);

		assertThat(chunks).extracting(chunk -> WORDS.count(chunk.text())).containsExactly(32, 32, 32, 4);
	}

	@Test
	void empty_text_gives_no_chunks_and_one_line_gives_one() {
		StructureAwareChunker chunker = new StructureAwareChunker(WORDS, 128, 24);
		assertThat(chunker.chunk("t", "c", "d", "t", "")).isEmpty();
		assertThat(chunker.chunk("t", "c", "d", "t", "\n\n  \n")).isEmpty();
		assertThat(chunker.chunk("t", "c", "d", "t", "one line")).singleElement()
			.extracting(KnowledgeChunk::section, KnowledgeChunk::text)
			.containsExactly("", "one line");
	}

	@Test
	void limits_are_checked() {
		assertThatIllegalArgumentException().isThrownBy(() -> new StructureAwareChunker(WORDS, 8, 0))
			.withMessageContaining("maxTokens");
		assertThatIllegalArgumentException().isThrownBy(() -> new StructureAwareChunker(WORDS, 64, 32))
			.withMessageContaining("overlapTokens");
	}

	@Test
	void the_approximate_counter_counts_words_and_punctuation() {
		assertThat(TokenCounter.approximate().count("Hello, world")).isEqualTo(4); // ceil(2 * 1.3) + 1
	}

	private static String contract() {
		return """
				MASTER SERVICES AGREEMENT

				1. Definitions
				"Services" means the services described in Schedule 1.

				"Fees" means the amounts payable under clause 4.

				ARTICLE 2 LIMITATION OF LIABILITY

				2.1 Neither party excludes liability for death or personal injury caused by negligence.

				2.2 The cap on each party's liability is the Fees paid in the twelve months before the claim.

				GOVERNING LAW
				This Agreement is governed by the laws of England.
				""";
	}

}
