package dev.tessera.retrieval.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.tessera.retrieval.archive.FileDocumentArchive;
import dev.tessera.retrieval.chunk.StructureAwareChunker;
import dev.tessera.retrieval.chunk.TokenCounter;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.inference.encoder.SentenceEncoder;
import dev.tessera.inference.runtime.ConcurrencyGate;
import dev.tessera.retrieval.store.LuceneKnowledgeStore;

import static dev.tessera.retrieval.ingest.JobsUnderTest.awaitEnd;
import static dev.tessera.retrieval.ingest.JobsUnderTest.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IngestionJobsTest {

	@TempDir
	Path folder;

	private SentenceEncoder encoder;

	private LuceneKnowledgeStore store;

	private IngestionJobs jobs;

	@BeforeEach
	void wire() {
		this.encoder = SentenceEncoder.allMiniLmL6V2(true, 1, new ConcurrencyGate("jobs", 2, 8, Duration.ofSeconds(10)));
		this.store = LuceneKnowledgeStore.onDisk(this.folder.resolve("index"), 40);
		this.jobs = new IngestionJobs(new DocumentIngester(new DocumentParser(new DocumentParser.Limits(1_000_000, 100_000)),
				new StructureAwareChunker(TokenCounter.of(this.encoder), 128, 24),
				new LocalEmbeddingModel(this.encoder), this.store,
				new FileDocumentArchive(this.folder.resolve("archive"))), 2);
	}

	@AfterEach
	void close() throws Exception {
		this.jobs.close();
		this.store.close();
		this.encoder.close();
	}

	@Test
	void a_job_reports_each_document_and_a_bad_one_does_not_stop_the_others() throws Exception {
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			out.putNextEntry(new ZipEntry("inner.txt"));
			out.write("hidden".getBytes());
			out.closeEntry();
		}
		String id = this.jobs.submit("acme", "docs", List.of(text("shipping.md", "# Shipping\n\nDelivery takes 3 days."),
				new IngestionJobs.Upload("bundle.zip", zip.toByteArray()), text("returns.txt", "Returns within 30 days.")));

		IngestionJobs.JobStatus status = awaitEnd(this.jobs, id);

		assertThat(status.state()).isEqualTo(IngestionJobs.State.COMPLETED);
		assertThat(status.done()).isEqualTo(status.total()).isEqualTo(3);
		assertThat(status.results()).extracting(IngestionResult::documentId, IngestionResult::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("shipping.md", IngestionResult.Outcome.ADDED),
					org.assertj.core.groups.Tuple.tuple("bundle.zip", IngestionResult.Outcome.REJECTED),
					org.assertj.core.groups.Tuple.tuple("returns.txt", IngestionResult.Outcome.ADDED));
		assertThat(status.results().get(1).reason()).isEqualTo(RejectedDocumentException.Reason.ARCHIVE);
		assertThat(status.finished()).isNotNull();
		assertThat(this.store.count("acme", "docs")).isEqualTo(2);
		assertThat(this.jobs.status("no-such-job")).isEmpty();
	}

	@Test
	void a_full_queue_refuses_new_jobs_instead_of_piling_them_up() {
		List<IngestionJobs.Upload> many = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			many.add(text("doc-" + i + ".txt", "Paragraph number " + i + " about delivery and returns."));
		}
		// one job runs, two wait; the worker cannot finish 40 embeddings while the next submissions arrive
		assertThatThrownBy(() -> {
			for (int i = 0; i < 10; i++) {
				this.jobs.submit("acme", "docs-" + i, many);
			}
		}).isInstanceOf(JobQueueFullException.class).hasMessageContaining("queue is full");
	}

	@Test
	void a_reindex_job_processes_every_archived_document_of_the_collection() throws InterruptedException {
		awaitEnd(this.jobs, this.jobs.submit("acme", "docs", List.of(text("a.txt", "Delivery takes three days."),
				text("b.txt", "Returns are free within thirty days."))));
		awaitEnd(this.jobs, this.jobs.submit("acme", "other", List.of(text("c.txt", "Not part of the re-index."))));

		IngestionJobs.JobStatus status = awaitEnd(this.jobs, this.jobs.submitReindex("acme", "docs"));

		assertThat(status.kind()).isEqualTo(IngestionJobs.Kind.REINDEX);
		assertThat(status.state()).isEqualTo(IngestionJobs.State.COMPLETED);
		assertThat(status.results()).extracting(IngestionResult::documentId, IngestionResult::outcome)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("a.txt", IngestionResult.Outcome.REPLACED),
					org.assertj.core.groups.Tuple.tuple("b.txt", IngestionResult.Outcome.REPLACED));
		assertThat(this.store.count("acme", "docs")).isEqualTo(2);
	}

}
