package dev.tessera.server.ops;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Chaos: the server is killed ({@code kill -9}) while it ingests an upload of many documents. Restarted on the same
 * data, the job is not lost and does not stay "running": it ends FAILED saying why, listing the documents it stored;
 * each of those is in the collection whole (all its chunks), and none of the others is there at all.
 */
class KilledDuringIngestionTest {

	private static final int DOCUMENTS = 60;

	@Test
	void a_job_cut_by_kill_9_ends_failed_visibly_and_no_document_is_half_indexed() throws Exception {
		Path data = Path.of("target", "test-data", "killed-ingestion-" + UUID.randomUUID());
		String jobId;
		try (ServerProcess server = ServerProcess.start(data)) {
			Http http = new Http(server.port());
			Http.Response upload = http.upload("/api/v1/collections/ecommerce-support/documents", documents());
			assertThat(upload.status()).as(upload.body()).isEqualTo(202);
			jobId = upload.json().path("id").asString();
			long deadline = System.nanoTime() + 120_000_000_000L;
			int done = 0;
			while (done < 3) {
				assertThat(System.nanoTime()).as("the job never got going").isLessThan(deadline);
				done = http.get("/api/v1/ingestion-jobs/" + jobId).json().path("done").asInt();
				Thread.sleep(20);
			}
			server.kill();
		}
		try (ServerProcess restarted = ServerProcess.start(data)) {
			Http http = new Http(restarted.port());
			JsonNode job = http.get("/api/v1/ingestion-jobs/" + jobId).json();
			long deadline = System.nanoTime() + 90_000_000_000L;
			while (!"FAILED".equals(job.path("state").asString()) && System.nanoTime() < deadline) {
				assertThat(job.path("state").asString()).as(job.toString()).isIn("QUEUED", "RUNNING");
				Thread.sleep(500);
				job = http.get("/api/v1/ingestion-jobs/" + jobId).json();
			}
			assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("FAILED");
			assertThat(job.path("error").asString()).contains("stopped before it finished");
			assertThat(job.path("done").asInt()).isBetween(3, DOCUMENTS - 1);

			Map<String, Integer> stored = new HashMap<>();
			job.path("results").forEach(result -> stored.put(result.path("documentId").asString(),
					result.path("chunks").asInt()));
			Map<String, Integer> listed = new HashMap<>();
			http.get("/api/v1/collections/ecommerce-support/documents?limit=1000").json().forEach(document -> {
				String id = document.path("documentId").asString();
				if (id.startsWith("crash-doc-")) {
					listed.put(id, document.path("chunks").asInt());
				}
			});
			// a document is in the collection whole or not at all; the job's list says which are there
			assertThat(listed).containsAllEntriesOf(stored);
			// the document stored in the instant of the kill, before the job recorded it, is the only one allowed
			// beyond its list
			java.util.Set<String> unreported = new java.util.HashSet<>(listed.keySet());
			unreported.removeAll(stored.keySet());
			assertThat(unreported).as("documents in the collection the job did not report").hasSizeLessThanOrEqualTo(1);
		}
	}

	/** Documents large enough that the job takes a while: distinct sentences, so no two are alike. */
	private static Map<String, byte[]> documents() {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int d = 0; d < DOCUMENTS; d++) {
			StringBuilder text = new StringBuilder("Shipping notes " + d + "\n\n");
			for (int p = 0; p < 40; p++) {
				text.append("Parcel ").append(d).append('-').append(p)
					.append(" leaves the warehouse on weekday ").append(p % 5)
					.append(" and reaches the customer within ").append(2 + p % 4)
					.append(" working days, tracked by courier ").append((d * 31 + p) % 17).append(".\n\n");
			}
			files.put("crash-doc-" + d + ".txt", text.toString().getBytes(StandardCharsets.UTF_8));
		}
		return files;
	}

}
