package dev.tessera.retrieval.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.retrieval.store.PgVectorKnowledgeStore;
import dev.tessera.retrieval.testing.PostgresTestDatabase;

import static dev.tessera.retrieval.ingest.JobsUnderTest.awaitEnd;
import static dev.tessera.retrieval.ingest.JobsUnderTest.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upload and re-index jobs of at least {@code bulkMinDocuments} documents on the postgres store go through one bulk
 * load: every good document searchable when the job ends, a bad one rejected in the results without stopping the
 * load, and a re-index leaving the collection as searchable as before.
 */
class BulkIngestionJobsTest {

	private static DataSource database;

	@TempDir
	Path folder;

	private SentenceEncoder encoder;

	private PgVectorKnowledgeStore store;

	private IngestionJobs jobs;

	private final String collection = "bulk-jobs-" + UUID.randomUUID().toString().substring(0, 8);

	@BeforeEach
	void wire() {
		if (database == null) {
			database = PostgresTestDatabase.freshSchema().dataSource();
		}
		this.store = new PgVectorKnowledgeStore(database, 40).migrate();
		this.encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("jobs", 2, 8, Duration.ofSeconds(10)));
		this.jobs = new IngestionJobs(new DocumentIngester(new DocumentParser(new DocumentParser.Limits(1_000_000, 100_000)),
				new StructureAwareChunker(TokenCounter.of(this.encoder), 128, 24), new LocalEmbeddingModel(this.encoder),
				this.store, new FileDocumentArchive(this.folder.resolve("archive"))), 2, IngestionJobLog.none(), 3);
	}

	@AfterEach
	void close() {
		this.jobs.close();
		this.encoder.close();
	}

	private List<String> found(String query) {
		return this.store
			.search(new SearchRequest("acme", this.collection, query, null, 10, SearchMode.LEXICAL, Map.of()))
			.stream()
			.map(SearchHit::chunk)
			.map(chunk -> chunk.documentId())
			.distinct()
			.sorted()
			.toList();
	}

	@Test
	void a_large_upload_is_loaded_in_bulk_and_a_reindex_keeps_every_document() throws Exception {
		String id = this.jobs.submit("acme", this.collection,
				List.of(text("gazebo.md", "# Gazebo\n\nThe gazebo kit ships with twelve poles."),
						text("pergola.md", "# Pergola\n\nThe pergola kit ships with eight beams."),
						text("empty.md", ""), text("arbor.md", "# Arbor\n\nThe arbor kit ships with two arches.")));
		IngestionJobs.JobStatus status = awaitEnd(this.jobs, id);

		assertThat(status.state()).as(String.valueOf(status.error())).isEqualTo(IngestionJobs.State.COMPLETED);
		assertThat(status.results()).extracting(IngestionResult::outcome)
			.containsExactly(IngestionResult.Outcome.ADDED, IngestionResult.Outcome.ADDED,
					IngestionResult.Outcome.REJECTED, IngestionResult.Outcome.ADDED);
		assertThat(found("kit ships")).containsExactly("arbor.md", "gazebo.md", "pergola.md");
		assertThat(status.results().get(0).message())
			.isEqualTo("gazebo.md: 1 chunk(s) stored in the job's bulk load; searchable once the job completes");

		IngestionJobs.JobStatus reindexed = awaitEnd(this.jobs, this.jobs.submitReindex("acme", this.collection));
		assertThat(reindexed.state()).isEqualTo(IngestionJobs.State.COMPLETED);
		assertThat(found("kit ships")).containsExactly("arbor.md", "gazebo.md", "pergola.md");
		assertThat(this.store.count("acme", this.collection)).isEqualTo(3);

		// below the threshold: stored document by document, as before
		IngestionJobs.JobStatus small = awaitEnd(this.jobs, this.jobs.submit("acme", this.collection,
				List.of(text("shed.md", "# Shed\n\nThe shed kit ships with one door."))));
		assertThat(small.state()).isEqualTo(IngestionJobs.State.COMPLETED);
		assertThat(small.results().get(0).message()).isEqualTo("shed.md: 1 chunk(s) stored");
		assertThat(found("kit ships")).contains("shed.md").hasSize(4);
	}

}
