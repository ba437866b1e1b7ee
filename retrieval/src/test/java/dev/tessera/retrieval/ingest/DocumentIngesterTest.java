package dev.tessera.retrieval.ingest;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Ingestion on real parts: Tika, the bundled encoder, the Lucene store on disk.
 */
class DocumentIngesterTest {

	@TempDir
	Path folder;

	private SentenceEncoder encoder;

	private LuceneKnowledgeStore store;

	private DocumentIngester ingester;

	@BeforeEach
	void wire() {
		this.encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("ingest", 2, 8, Duration.ofSeconds(10)));
		this.store = LuceneKnowledgeStore.onDisk(this.folder.resolve("index"), 40);
		this.ingester = new DocumentIngester(new DocumentParser(new DocumentParser.Limits(1_000_000, 100_000)),
				new StructureAwareChunker(TokenCounter.of(this.encoder), 128, 24),
				new LocalEmbeddingModel(this.encoder), this.store,
				new FileDocumentArchive(this.folder.resolve("archive")));
	}

	@AfterEach
	void close() throws Exception {
		this.store.close();
		this.encoder.close();
	}

	private static byte[] text(String s) {
		return s.getBytes(StandardCharsets.UTF_8);
	}

	private List<String> search(String query) {
		float[] vector = this.encoder.embed(List.of(query)).getFirst();
		return this.store.search(new SearchRequest("acme", "docs", query, vector, 5, SearchMode.HYBRID, java.util.Map.of()))
			.stream()
			.map(SearchHit::chunk)
			.map(chunk -> chunk.text())
			.toList();
	}

	@Test
	void adds_then_skips_an_unchanged_reupload_then_replaces_a_changed_one() {
		IngestionResult added = this.ingester.ingest("acme", "docs", "returns.md",
				text("# Returns\n\n## Window\nReturns are accepted for 30 days.\n\n## Refunds\nRefunds take five days."));
		assertThat(added.outcome()).isEqualTo(IngestionResult.Outcome.ADDED);
		assertThat(added.chunks()).isEqualTo(2);

		IngestionResult again = this.ingester.ingest("acme", "docs", "returns.md",
				text("# Returns\n\n## Window\nReturns are accepted for 30 days.\n\n## Refunds\nRefunds take five days."));
		assertThat(again.outcome()).isEqualTo(IngestionResult.Outcome.UNCHANGED);

		IngestionResult changed = this.ingester.ingest("acme", "docs", "returns.md",
				text("# Returns\n\n## Window\nReturns are accepted for 60 days."));
		assertThat(changed.outcome()).isEqualTo(IngestionResult.Outcome.REPLACED);
		assertThat(this.store.count("acme", "docs")).isEqualTo(1);
		assertThat(search("how long can I return things")).containsExactly("Returns are accepted for 60 days.");
		assertThat(this.store.documentHash("acme", "docs", "returns.md")).contains(changed.contentHash());
	}

	@Test
	void an_unchanged_document_embedded_in_another_space_is_embedded_again() {
		byte[] bytes = text("# Returns\n\nReturns are accepted for 30 days.");
		assertThat(this.ingester.ingest("acme", "docs", "returns.md", bytes).outcome())
			.isEqualTo(IngestionResult.Outcome.ADDED);
		assertThat(this.store.documentChunks("acme", "docs", "returns.md").getFirst().metadata())
			.containsEntry(KnowledgeStore.EMBEDDED_WITH, "all-minilm-l6-v2-q");

		try (SentenceEncoder fp32 = SentenceEncoder.allMiniLmL6V2(false, 1,
				new ConcurrencyGate("ingest-fp32", 1, 0, Duration.ofSeconds(10)))) {
			DocumentIngester other = new DocumentIngester(new DocumentParser(new DocumentParser.Limits(1_000_000, 100_000)),
					new StructureAwareChunker(TokenCounter.of(fp32), 128, 24), new LocalEmbeddingModel(fp32), this.store,
					new FileDocumentArchive(this.folder.resolve("archive")));

			assertThat(other.ingest("acme", "docs", "returns.md", bytes).outcome())
				.isEqualTo(IngestionResult.Outcome.REPLACED);
			KnowledgeChunk chunk = this.store.documentChunks("acme", "docs", "returns.md").getFirst();
			assertThat(chunk.metadata()).containsEntry(KnowledgeStore.EMBEDDED_WITH, "all-minilm-l6-v2");
			assertThat(other.ingest("acme", "docs", "returns.md", bytes).outcome())
				.isEqualTo(IngestionResult.Outcome.UNCHANGED);
		}
	}

	@Test
	void a_rejected_document_changes_nothing_and_others_are_unaffected() {
		this.ingester.ingest("acme", "docs", "good.txt", text("Standard delivery takes three days."));

		IngestionResult rejected = this.ingester.ingest("acme", "docs", "good.txt", new byte[] { 'P', 'K', 3, 4, 0, 0 });
		IngestionResult empty = this.ingester.ingest("acme", "docs", "other.txt", text("   "));

		assertThat(rejected.outcome()).isEqualTo(IngestionResult.Outcome.REJECTED);
		assertThat(empty.reason()).isEqualTo(RejectedDocumentException.Reason.EMPTY);
		assertThat(search("delivery time")).containsExactly("Standard delivery takes three days.");
		assertThat(this.store.count("acme", "docs")).isEqualTo(1);
	}

	@Test
	void delete_removes_the_chunks_and_the_archived_bytes() {
		this.ingester.ingest("acme", "docs", "returns.md", text("Returns are accepted for 30 days."));

		assertThat(this.ingester.delete("acme", "docs", "returns.md")).isTrue();
		assertThat(this.store.count("acme", "docs")).isZero();
		assertThat(this.ingester.archivedDocuments("acme", "docs")).isEmpty();
		assertThat(this.ingester.delete("acme", "docs", "returns.md")).isFalse();
	}

	@Test
	void reindex_runs_the_archived_bytes_through_ingestion_again() {
		this.ingester.ingest("acme", "docs", "returns.md", text("Returns are accepted for 30 days."));
		// as if the chunks had been lost or made by an older chunker: the archive still has the bytes
		this.store.deleteDocument("acme", "docs", "returns.md");

		IngestionResult result = this.ingester.reindex("acme", "docs", "returns.md");

		assertThat(result.outcome()).isEqualTo(IngestionResult.Outcome.ADDED);
		assertThat(search("how long can I return things")).containsExactly("Returns are accepted for 30 days.");
		assertThat(this.ingester.reindex("acme", "docs", "gone.md").outcome())
			.isEqualTo(IngestionResult.Outcome.REJECTED);
	}

}
