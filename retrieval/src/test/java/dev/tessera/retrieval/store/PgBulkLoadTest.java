package dev.tessera.retrieval.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.tessera.retrieval.BulkLoad;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.testing.PostgresTestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bulk loads into the postgres store: searchable only after the commit, all at once; nothing when closed without
 * one or abandoned by a dead server; the indexes built once (the swap adopts them); other writes to the collection
 * wait for the load instead of being lost; other collections unaffected.
 */
class PgBulkLoadTest {

	private static DataSource database;

	private PgVectorKnowledgeStore store;

	private String collection;

	@BeforeEach
	void store() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		this.store = new PgVectorKnowledgeStore(database, 40).migrate();
		this.collection = "bulk-" + UUID.randomUUID().toString().substring(0, 8);
	}

	private KnowledgeChunk chunk(String documentId, String text, float direction) {
		float[] vector = new float[384];
		vector[0] = 1;
		vector[1] = direction;
		return new KnowledgeChunk("acme", this.collection, documentId, documentId, "", text, 0, text.length(), Map.of(),
				vector);
	}

	private List<String> found(String query) {
		float[] vector = new float[384];
		vector[0] = 1;
		return this.store
			.search(new SearchRequest("acme", this.collection, query, vector, 40, SearchMode.HYBRID, Map.of()))
			.stream()
			.map(SearchHit::chunk)
			.map(KnowledgeChunk::documentId)
			.distinct()
			.sorted()
			.toList();
	}

	/** The stored vector, through pgvector's text form (the shortest text that reads back as the same float). */
	private float[] storedVector(String documentId) {
		String text = JdbcClient.create(database)
			.sql("SELECT embedding::text FROM tessera_knowledge_chunk WHERE collection = ? AND document_id = ?")
			.params(this.collection, documentId)
			.query(String.class)
			.list()
			.getFirst();
		if (text == null) {
			return null;
		}
		String[] values = text.substring(1, text.length() - 1).split(",");
		float[] vector = new float[values.length];
		for (int i = 0; i < values.length; i++) {
			vector[i] = Float.parseFloat(values[i]);
		}
		return vector;
	}

	private int indexesOfTheCollection() {
		String partition = JdbcClient.create(database)
			.sql("SELECT tessera_knowledge_partition('acme', ?)")
			.param(this.collection)
			.query(String.class)
			.single();
		return JdbcClient.create(database)
			.sql("SELECT count(*) FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ?")
			.param(partition)
			.query(Integer.class)
			.single();
	}

	private int bulkTables() {
		return JdbcClient.create(database)
			.sql("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE '%\\_bulk'")
			.query(Integer.class)
			.single();
	}

	@Test
	void loaded_documents_become_searchable_together_at_the_commit_and_the_stored_ones_stay() {
		this.store.replaceDocument("acme", this.collection, "old", List.of(chunk("old", "the old gazebo manual", 0.1f)));
		try (BulkLoad load = this.store.bulkLoad("acme", this.collection, true)) {
			List<String> documents = new ArrayList<>();
			for (int i = 0; i < 30; i++) {
				load.replaceDocument("acme", this.collection, "new-" + i,
						List.of(chunk("new-" + i, "gazebo assembly step " + i, i / 30f)));
				documents.add("new-" + i);
			}
			load.replaceDocument("acme", this.collection, "new-0", List.of(chunk("new-0", "gazebo replaced", 0)));
			load.add(List.of(chunk("escapes", "gazebo\tpole\nline two \\N back\\slash\r", 0.5f)));
			assertThat(found("gazebo")).as("nothing of the load before its commit").containsExactly("old");
			load.commit();
		}
		assertThat(found("gazebo")).hasSize(32).contains("old", "new-0", "new-29", "escapes");
		assertThat(this.store.documentChunks("acme", this.collection, "escapes").get(0).text())
			.as("COPY's escapes").isEqualTo("gazebo\tpole\nline two \\N back\\slash\r");
		assertThat(this.store.documentChunks("acme", this.collection, "new-0")).singleElement()
			.extracting(KnowledgeChunk::text)
			.isEqualTo("gazebo replaced");
		assertThat(this.store.count("acme", this.collection)).isEqualTo(32);
		assertThat(indexesOfTheCollection()).as("primary key, HNSW, full text, scope: built once, adopted by the swap")
			.isEqualTo(4);
		assertThat(bulkTables()).isZero();
	}

	@Test
	void a_loaded_chunk_reads_back_as_it_was_written() {
		float[] vector = new float[384];
		for (int i = 0; i < vector.length; i++) {
			vector[i] = (float) Math.sin(i + 0.5) / 7;
		}
		KnowledgeChunk written = new KnowledgeChunk("acme", this.collection, "ünïcode", "Grüße aus 東京", "§ 2 Lieferung",
				"Lieferung in 3–5 Tagen 🚚", 7, 31, Map.of("lang", "de", "page", "12"), vector);
		try (BulkLoad load = this.store.bulkLoad("acme", this.collection, false)) {
			load.add(List.of(written, new KnowledgeChunk("acme", this.collection, "no-vector", "t", "", "gazebo", 0, 6,
					Map.of(), null)));
			load.commit();
		}
		KnowledgeChunk read = this.store.documentChunks("acme", this.collection, "ünïcode").getFirst();
		assertThat(read.documentTitle()).isEqualTo("Grüße aus 東京");
		assertThat(read.section()).isEqualTo("§ 2 Lieferung");
		assertThat(read.text()).isEqualTo("Lieferung in 3–5 Tagen 🚚");
		assertThat(read.start()).isEqualTo(7);
		assertThat(read.end()).isEqualTo(31);
		assertThat(read.metadata()).isEqualTo(Map.of("lang", "de", "page", "12"));
		assertThat(storedVector("ünïcode")).as("the floats as written").containsExactly(vector);
		assertThat(storedVector("no-vector")).isNull();
		assertThat(found("lieferung")).as("the generated full-text column filled from the copied text")
			.contains("ünïcode");
	}

	@Test
	void a_load_closed_without_a_commit_leaves_the_collection_as_it_was() {
		this.store.replaceDocument("acme", this.collection, "old", List.of(chunk("old", "the old gazebo manual", 0.1f)));
		try (BulkLoad load = this.store.bulkLoad("acme", this.collection, true)) {
			load.replaceDocument("acme", this.collection, "new", List.of(chunk("new", "gazebo assembly", 0)));
			assertThatThrownBy(() -> load.replaceDocument("acme", "elsewhere", "x", List.of()))
				.isInstanceOf(IllegalArgumentException.class);
		}
		assertThat(found("gazebo")).containsExactly("old");
		assertThat(bulkTables()).isZero();
	}

	@Test
	void the_table_of_a_load_whose_server_died_is_dropped_when_a_store_starts() throws Exception {
		this.store.replaceDocument("acme", this.collection, "old", List.of(chunk("old", "the old gazebo manual", 0.1f)));
		String partition = JdbcClient.create(database)
			.sql("SELECT tessera_knowledge_partition('acme', ?)")
			.param(this.collection)
			.query(String.class)
			.single();
		// what a server killed during a load leaves: the load's table, and no session holding its lock
		JdbcClient.create(database)
			.sql("CREATE TABLE " + partition + "_bulk (LIKE " + partition + " INCLUDING DEFAULTS INCLUDING GENERATED)")
			.update();
		assertThat(bulkTables()).isEqualTo(1);

		new PgVectorKnowledgeStore(database, 40).migrate();

		assertThat(bulkTables()).isZero();
		assertThat(found("gazebo")).containsExactly("old");
	}

	@Test
	void a_write_to_the_collection_during_a_load_waits_for_it_and_is_kept() throws Exception {
		BulkLoad load = this.store.bulkLoad("acme", this.collection, true);
		load.replaceDocument("acme", this.collection, "bulk", List.of(chunk("bulk", "gazebo from the load", 0)));
		CompletableFuture<Void> write = CompletableFuture.runAsync(() -> this.store.replaceDocument("acme",
				this.collection, "single", List.of(chunk("single", "gazebo uploaded alone", 0.2f))));
		Thread.sleep(500);
		assertThat(write).as("waits while the load runs").isNotDone();
		// another collection is not held up
		String other = this.collection + "-other";
		this.store.replaceDocument("acme", other, "elsewhere", List.of(new KnowledgeChunk("acme", other, "elsewhere",
				"elsewhere", "", "gazebo elsewhere", 0, 16, Map.of(), null)));
		load.commit();
		load.close();
		write.get(10, TimeUnit.SECONDS);
		assertThat(found("gazebo")).containsExactly("bulk", "single");
	}

}
