package dev.tessera.retrieval.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ReciprocalRankFusion;
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
		// more chunks than a lexical search scores: "agreement" is in all of them, "supplier" in half
		for (int i = 0; i < 1200; i++) {
			chunks.add(chunk(collection, "common-" + i,
					(i % 2 == 0 ? "The supplier signs this agreement " : "The buyer signs this agreement ") + i));
		}
		chunks.add(chunk(collection, "rare", "The customer shall indemnify the supplier"));
		for (int i = 0; i < 5; i++) {
			chunks.add(chunk(collection, "rare-alone-" + i, "The customer shall indemnify the carrier " + i));
		}
		store.add(chunks);
		store.analyze();

		LexemeFrequencies frequencies = LexemeFrequencies.read(database).of("acme", collection);
		assertThat(frequencies.share("agreement")).as("in nearly every chunk").isGreaterThan(0.9);
		assertThat(frequencies.idf("indemn")).as("a rare word weighs more than a common one")
			.isGreaterThan(frequencies.idf("supplier"))
			.isGreaterThan(5);
		assertThat(frequencies.idf("agreement")).isLessThan(frequencies.idf("supplier") / 5);
		assertThat(frequencies.candidateWords(List.of("agreement", "supplier", "indemn"),
				PgVectorKnowledgeStore.DEFAULT_TEXT_CANDIDATES))
			.as("the common words would bring more chunks than are scored")
			.containsExactly("indemn");

		List<String> found = ids(store.search(new SearchRequest("acme", collection, "indemnify the supplier", null,
				6, SearchMode.LEXICAL, Map.of())));
		// the rare word decides which chunks are scored; the commoner one still raises the chunk holding both
		assertThat(found).hasSize(6).allMatch(id -> id.startsWith("rare"));
		assertThat(found.getFirst()).isEqualTo("rare");
		assertThat(ids(store.rankEveryMatch(new SearchRequest("acme", collection, "indemnify the supplier", null, 6,
				SearchMode.LEXICAL, Map.of()), 6)))
			.as("scoring every chunk that shares a word finds the same top")
			.isEqualTo(found);

		List<String> commonOnly = ids(store.search(new SearchRequest("acme", collection, "the supplier's agreement", null,
				5, SearchMode.LEXICAL, Map.of())));
		assertThat(commonOnly).hasSize(5).allMatch(id -> id.startsWith("common-"));
	}

	@Test
	void hybrid_search_scores_the_vector_sides_chunks_for_their_words_too() {
		// room for the rare word's chunks, not for the commoner word's 150
		PgVectorKnowledgeStore store = ((PgVectorKnowledgeStore) store()).textCandidates(100);
		String collection = "hybrid-" + UUID.randomUUID();
		List<KnowledgeChunk> chunks = new ArrayList<>();
		for (int i = 0; i < 150; i++) {
			chunks.add(chunk(collection, "filler-" + i, "The supplier signs this agreement " + i).withEmbedding(axis(i + 2)));
		}
		// nearest to the query's vector, and sharing only a commoner word with its text
		chunks.add(chunk(collection, "near", "Payment terms of the supplier").withEmbedding(axis(0)));
		chunks.add(chunk(collection, "rare", "The customer shall indemnify the carrier").withEmbedding(axis(1)));
		store.add(chunks);
		store.analyze();
		try {
			SearchRequest lexical = new SearchRequest("acme", collection, "indemnify the supplier", null, 5,
					SearchMode.LEXICAL, Map.of());
			assertThat(ids(store.search(lexical))).as("one chunk scored: the rare word's").containsExactly("rare");

			List<SearchHit> hybrid = store.search(new SearchRequest("acme", collection, "indemnify the supplier",
					axis(0), 5, SearchMode.HYBRID, Map.of()));
			assertThat(hybrid.getFirst().chunk().documentId()).isEqualTo("near");
			// first on the vector side, and on the full-text side too (scored for "supplier" as a vector candidate)
			assertThat(hybrid.getFirst().score()).isGreaterThan(1.0 / (ReciprocalRankFusion.DEFAULT_K + 1));
		}
		finally {
			store.textCandidates(PgVectorKnowledgeStore.DEFAULT_TEXT_CANDIDATES);
		}
	}

	/** A unit vector along one axis of the encoder's 384 dimensions. */
	private static float[] axis(int i) {
		float[] vector = new float[384];
		vector[i % 384] = 1;
		return vector;
	}

	@Test
	void a_word_weighs_what_it_says_in_the_collection_searched() {
		PgVectorKnowledgeStore store = (PgVectorKnowledgeStore) store();
		String contracts = "contracts-" + UUID.randomUUID();
		String shop = "shop-" + UUID.randomUUID();
		List<KnowledgeChunk> chunks = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			chunks.add(chunk(contracts, "clause-" + i, "This agreement binds the parties " + i));
			chunks.add(chunk(shop, "answer-" + i, i < 2 ? "Your purchase agreement is in the order e-mail " + i
					: "Returns are free within thirty days " + i));
		}
		store.add(chunks);
		store.analyze();

		LexemeFrequencies.ByCollection statistics = LexemeFrequencies.read(database);
		assertThat(statistics.of("acme", contracts).share("agreement")).isGreaterThan(0.9);
		assertThat(statistics.of("acme", shop).idf("agreement"))
			.as("rare among the shop's answers, common among the contracts")
			.isGreaterThan(statistics.of("acme", contracts).idf("agreement") + 3);
		assertThat(statistics.of("acme", contracts).averageLength()).isGreaterThan(0);
	}

	@Test
	void the_statistics_find_a_collections_table_by_the_name_the_database_gives_it() throws Exception {
		PgVectorKnowledgeStore store = (PgVectorKnowledgeStore) store();
		String collection = "Sammlung ü/" + UUID.randomUUID();
		store.add(List.of(chunk(collection, "one", "Widerrufsbelehrung")));
		try (var connection = database.getConnection();
				var statement = connection.prepareStatement("SELECT tessera_knowledge_partition(?, ?)")) {
			statement.setString(1, "acme");
			statement.setString(2, collection);
			try (var rs = statement.executeQuery()) {
				rs.next();
				assertThat(LexemeFrequencies.ByCollection.tableName("acme", collection)).isEqualTo(rs.getString(1));
			}
		}
	}

	@Test
	void candidates_come_from_the_rarest_words_within_the_rows_scored() {
		LexemeFrequencies frequencies = new LexemeFrequencies(Map.of("agreement", 0.9, "parti", 0.4, "supplier", 0.004),
				0.002, 100_000, 40);
		// indemn (unlisted: 0.001 = 100 rows) and supplier (400 rows) fit in 500; parti would not
		assertThat(frequencies.candidateWords(List.of("agreement", "parti", "supplier", "indemn"), 500))
			.containsExactly("indemn", "supplier");
		// the rarest word chooses even when it alone brings more
		assertThat(frequencies.candidateWords(List.of("agreement", "parti"), 500)).containsExactly("parti");
		assertThat(frequencies.idf("indemn")).isGreaterThan(frequencies.idf("supplier"))
			.isGreaterThan(frequencies.idf("agreement"));
	}

	@Test
	void without_statistics_every_word_selects_and_weighs_alike() {
		assertThat(LexemeFrequencies.NONE.candidateWords(List.of("agreement", "indemn"), 500))
			.containsExactly("agreement", "indemn");
		assertThat(LexemeFrequencies.NONE.idf("agreement")).isEqualTo(LexemeFrequencies.NONE.idf("indemn"));
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
