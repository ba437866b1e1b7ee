package dev.tessera.retrieval.store;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.StoredDocument;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * What every knowledge store must do, on real embeddings from the bundled encoder. Implemented once per store.
 */
public abstract class KnowledgeStoreContract {

	static SentenceEncoder encoder;

	/** A fresh, empty store for each test. */
	protected abstract KnowledgeStore store();

	private KnowledgeStore store;

	private String collection;

	@BeforeAll
	static void encoder() {
		encoder = SentenceEncoder.allMiniLmL6V2(false, 1, new ConcurrencyGate("contract", 2, 8, Duration.ofSeconds(10)));
	}

	@AfterAll
	static void closeEncoder() {
		encoder.close();
	}

	@BeforeEach
	void fill() {
		this.store = store();
		this.collection = "shop-" + System.nanoTime();
		add("acme", "shipping.md", "Delivery", "Standard delivery takes 3 to 5 working days.", Map.of("type", "policy"));
		add("acme", "shipping.md", "Parcels", "If a parcel arrives damaged, send us photos for a replacement.",
				Map.of("type", "policy"));
		add("acme", "returns.md", "Refunds", "We refund your money within five days once the return arrives.",
				Map.of("type", "faq"));
		add(KnowledgeChunk.SHARED_TENANT, "hours.md", "Opening hours", "Customer service answers from 9 am to 5 pm.",
				Map.of());
		add("globex", "secret.md", "Internal", "Globex delivery partner contracts renew in March.", Map.of());
	}

	private void add(String tenant, String document, String section, String text, Map<String, String> metadata) {
		float[] vector = encoder.embed(List.of(section + ". " + text)).getFirst();
		int start = (int) this.store.count(tenant, this.collection) * 100;
		this.store.add(List.of(new KnowledgeChunk(tenant, this.collection, document, document, section, text, start,
				start + text.length(), metadata, vector)));
	}

	private List<SearchHit> search(String tenant, String query, SearchMode mode, Map<String, String> filters) {
		float[] vector = encoder.embed(List.of(query)).getFirst();
		return this.store.search(new SearchRequest(tenant, this.collection, query, vector, 5, mode, filters));
	}

	private static List<String> sections(List<SearchHit> hits) {
		List<String> sections = new ArrayList<>();
		hits.forEach(hit -> sections.add(hit.chunk().section()));
		return sections;
	}

	@Test
	void lexical_search_ranks_shared_words_first() {
		List<SearchHit> hits = search("acme", "how many working days for standard delivery", SearchMode.LEXICAL,
				Map.of());

		assertThat(sections(hits).getFirst()).isEqualTo("Delivery");
		assertThat(hits.getFirst().score()).isPositive();
	}

	@Test
	void vector_search_finds_a_paraphrase_with_no_shared_words() {
		List<SearchHit> hits = search("acme", "my package came broken", SearchMode.VECTOR, Map.of());

		assertThat(sections(hits).getFirst()).isEqualTo("Parcels");
		assertThat(hits.getFirst().score()).isBetween(0.0, 1.0); // a cosine similarity
	}

	@Test
	void hybrid_search_fuses_both_rankings() {
		List<SearchHit> hits = search("acme", "when do I get my money back", SearchMode.HYBRID, Map.of());

		assertThat(sections(hits).getFirst()).isEqualTo("Refunds");
		assertThat(hits).allSatisfy(hit -> assertThat(hit.method()).isEqualTo("hybrid"));
	}

	@Test
	void a_tenant_never_sees_another_tenants_chunks_but_sees_shared_ones() {
		for (SearchMode mode : SearchMode.values()) {
			List<SearchHit> hits = search("acme", "Globex delivery partner contracts", mode, Map.of());
			assertThat(hits).as(mode.name())
				.extracting(hit -> hit.chunk().tenant())
				.isNotEmpty()
				.doesNotContain("globex");
		}
		assertThat(sections(search("globex", "customer service hours", SearchMode.HYBRID, Map.of())))
			.contains("Opening hours")
			.doesNotContain("Delivery", "Refunds");
	}

	@Test
	void another_collection_is_never_searched() {
		List<SearchHit> hits = this.store.search(SearchRequest.lexical("acme", "other-" + this.collection, "delivery", 5));

		assertThat(hits).isEmpty();
	}

	@Test
	void metadata_filters_narrow_the_hits() {
		List<SearchHit> hits = search("acme", "delivery refund parcel", SearchMode.HYBRID, Map.of("type", "faq"));

		assertThat(sections(hits)).containsExactly("Refunds");
		assertThat(hits.getFirst().chunk().metadata()).containsEntry("type", "faq");
	}

	@Test
	void hits_carry_document_section_and_span_for_citations() {
		SearchHit hit = search("acme", "refund", SearchMode.LEXICAL, Map.of()).getFirst();

		assertThat(hit.chunk().documentId()).isEqualTo("returns.md");
		assertThat(hit.chunk().documentTitle()).isEqualTo("returns.md");
		assertThat(hit.chunk().end() - hit.chunk().start()).isEqualTo(hit.chunk().text().length());
	}

	@Test
	void deleting_a_document_removes_all_its_chunks_and_nothing_else() {
		assertThat(this.store.count("acme", this.collection)).isEqualTo(3);

		assertThat(this.store.deleteDocument("acme", this.collection, "shipping.md")).isEqualTo(2);

		assertThat(this.store.count("acme", this.collection)).isEqualTo(1);
		assertThat(sections(search("acme", "standard delivery parcel damaged", SearchMode.HYBRID, Map.of())))
			.doesNotContain("Delivery", "Parcels");
		assertThat(this.store.count("globex", this.collection)).isEqualTo(1);
		assertThat(this.store.deleteDocument("acme", this.collection, "shipping.md")).isZero();
	}

	@Test
	void replacing_a_document_swaps_its_chunks_and_keeps_its_content_hash() {
		float[] vector = encoder.embed(List.of("Express delivery takes one day.")).getFirst();
		KnowledgeChunk replacement = new KnowledgeChunk("acme", this.collection, "shipping.md", "shipping.md", "Express",
				"Express delivery takes one day.", 0, 31, Map.of(KnowledgeStore.CONTENT_HASH, "abc123"), vector);

		this.store.replaceDocument("acme", this.collection, "shipping.md", List.of(replacement));

		assertThat(this.store.count("acme", this.collection)).isEqualTo(2);
		assertThat(sections(search("acme", "delivery", SearchMode.LEXICAL, Map.of()))).contains("Express")
			.doesNotContain("Delivery", "Parcels");
		assertThat(this.store.documentHash("acme", this.collection, "shipping.md")).contains("abc123");
		assertThat(this.store.documentHash("acme", this.collection, "returns.md")).isEmpty();
		assertThat(this.store.documentHash("globex", this.collection, "shipping.md")).isEmpty();
	}

	@Test
	void a_query_of_only_stop_words_or_punctuation_finds_nothing_lexically() {
		assertThat(search("acme", "the and of ?!", SearchMode.LEXICAL, Map.of())).isEmpty();
	}

	@Test
	void lists_a_tenants_documents_with_their_chunk_counts_and_metadata() {
		assertThat(this.store.documents("acme", this.collection))
			.extracting(StoredDocument::documentId, StoredDocument::chunks, d -> d.metadata().get("type"))
			.containsExactly(tuple("returns.md", 1, "faq"), tuple("shipping.md", 2, "policy"));
		assertThat(this.store.documents("globex", this.collection)).extracting(StoredDocument::documentId)
			.containsExactly("secret.md");
		assertThat(this.store.documents("initech", this.collection)).isEmpty();
	}

	@Test
	void a_documents_chunks_come_back_in_order_and_only_for_its_tenant() {
		assertThat(this.store.documentChunks("acme", this.collection, "shipping.md"))
			.extracting(KnowledgeChunk::section, KnowledgeChunk::start)
			.containsExactly(tuple("Delivery", 0), tuple("Parcels", 100));
		assertThat(this.store.documentChunks("globex", this.collection, "shipping.md")).isEmpty();
		assertThat(this.store.documentChunks("acme", "elsewhere", "shipping.md")).isEmpty();
	}

}
