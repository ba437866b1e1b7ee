package dev.tessera.retrieval.store;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchRequest;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneKnowledgeStoreTest extends KnowledgeStoreContract {

	@TempDir
	Path folder;

	private LuceneKnowledgeStore store;

	@Override
	protected KnowledgeStore store() {
		this.store = LuceneKnowledgeStore.onDisk(this.folder.resolve("index"), 40);
		return this.store;
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
	}

	@Test
	void the_index_survives_a_restart() throws Exception {
		this.store.add(java.util.List.of(new KnowledgeChunk("acme", "kept", "doc.md", "Doc", "", "kept across restarts", 0, 20)));
		this.store.close();

		this.store = LuceneKnowledgeStore.onDisk(this.folder.resolve("index"), 40);

		assertThat(this.store.count("acme", "kept")).isEqualTo(1);
		assertThat(this.store.search(SearchRequest.lexical("acme", "kept", "restarts", 3))).hasSize(1);
	}

}
