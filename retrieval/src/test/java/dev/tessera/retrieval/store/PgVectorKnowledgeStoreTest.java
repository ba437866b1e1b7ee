package dev.tessera.retrieval.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.testing.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;

class PgVectorKnowledgeStoreTest extends KnowledgeStoreContract {

	private static DataSource database;

	/** Resolved per test: without PostgreSQL each test is reported as skipped, with the reason. */
	@Override
	protected KnowledgeStore store() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		return new PgVectorKnowledgeStore(database, 40).migrate();
	}

	@Test
	void rare_words_choose_the_candidates_and_every_word_ranks_them() {
		PgVectorKnowledgeStore store = (PgVectorKnowledgeStore) store();
		String collection = "selective-" + UUID.randomUUID();
		List<KnowledgeChunk> chunks = new ArrayList<>();
		for (int i = 0; i < 400; i++) {
			chunks.add(chunk(collection, "common-" + i, "This agreement binds the parties to the agreement " + i));
		}
		chunks.add(chunk(collection, "rare", "The supplier shall indemnify the customer under this agreement"));
		chunks.add(chunk(collection, "rare-alone", "The customer may indemnify the supplier for its losses"));
		store.add(chunks);
		store.analyze();

		LexemeFrequencies frequencies = LexemeFrequencies.read(database);
		assertThat(frequencies.share("agreement")).as("in nearly every chunk").isGreaterThan(0.5);
		assertThat(frequencies.selective(List.of("agreement", "indemn"), PgVectorKnowledgeStore.SELECTIVE_SHARE))
			.containsExactly("indemn");

		List<String> found = ids(store.search(new SearchRequest("acme", collection, "indemnify under the agreement", null,
				5, SearchMode.LEXICAL, Map.of())));
		// the rare word decides which chunks are scored, the common one still raises the chunk holding both
		assertThat(found).containsExactly("rare", "rare-alone");

		List<String> commonOnly = ids(store.search(new SearchRequest("acme", collection, "the parties' agreement", null,
				5, SearchMode.LEXICAL, Map.of())));
		assertThat(commonOnly).hasSize(5).allMatch(id -> id.startsWith("common-"));
	}

	@Test
	void without_statistics_every_word_selects() {
		assertThat(LexemeFrequencies.NONE.selective(List.of("agreement", "indemn"), 0.01))
			.containsExactly("agreement", "indemn");
		assertThat(new LexemeFrequencies(Map.of("agreement", 0.9, "parti", 0.4), 0.02).rarest(
				List.of("agreement", "parti", "indemn"), 2)).containsExactly("indemn", "parti");
	}

	private static KnowledgeChunk chunk(String collection, String id, String text) {
		return new KnowledgeChunk("acme", collection, id, id, "", text, 0, text.length(), Map.of(), null);
	}

	private static List<String> ids(List<SearchHit> hits) {
		return hits.stream().map(hit -> hit.chunk().documentId()).toList();
	}

}
