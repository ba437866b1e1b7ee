package dev.tessera.retrieval.store;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchRequest;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryLexicalKnowledgeStoreTest {

	private final InMemoryLexicalKnowledgeStore store = new InMemoryLexicalKnowledgeStore();

	@AfterEach
	void close() throws Exception {
		this.store.close();
	}

	private static KnowledgeChunk chunk(String collection, String section, String text) {
		return new KnowledgeChunk(collection, collection + "/doc.md", "Doc", section, text, 0, text.length());
	}

	@Test
	void ranks_the_passage_that_shares_the_question_words_first() {
		this.store.add(List.of(chunk("shop", "Delivery times", "Standard delivery takes 3 to 5 working days."),
				chunk("shop", "Refunds", "We refund you within 5 working days of receiving your return."),
				chunk("shop", "Payment declined", "If your card is declined, call your bank.")));

		List<SearchHit> hits = this.store.search(new SearchRequest("shop", "my card was declined", 3));

		assertThat(hits).isNotEmpty();
		assertThat(hits.getFirst().chunk().section()).isEqualTo("Payment declined");
		assertThat(hits.getFirst().method()).isEqualTo("bm25");
	}

	@Test
	void never_returns_chunks_of_another_collection() {
		this.store.add(List.of(chunk("tenant-a", "Secret", "the launch code is banana"),
				chunk("tenant-b", "Public", "bananas are yellow")));

		assertThat(this.store.search(new SearchRequest("tenant-b", "banana launch code", 10)))
			.allSatisfy(hit -> assertThat(hit.chunk().collection()).isEqualTo("tenant-b"))
			.hasSize(1);
		assertThat(this.store.count("tenant-a")).isEqualTo(1);
	}

	@Test
	void query_syntax_characters_are_searched_as_text_not_parsed() {
		this.store.add(List.of(chunk("shop", "Returns", "Returns are free (within 30 days)")));

		assertThat(this.store.search(new SearchRequest("shop", "returns AND (free OR \"", 3))).hasSize(1);
		assertThat(this.store.search(new SearchRequest("shop", "   ", 3))).isEmpty();
	}

}
