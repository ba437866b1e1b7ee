package dev.tessera.server.knowledge;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.tessera.server.Http;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile files uploaded for ingestion: a zip-bomb Word file, a PDF whose page tree contains itself, 10,000 pages of
 * text, HTML nested 50,000 deep, a text file that is a binary, a "PDF" that is plain text. None may take the server
 * down, hang the job or leave an error page: the job completes, each file is stored or rejected with its reason, the
 * server still answers, and the heap after a full GC is where it was.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "tessera.data-dir=./target/test-data/hostile-files-${random.uuid}")
class HostileFilesTest {

	@LocalServerPort
	int port;

	@Test
	void hostile_uploads_are_stored_or_rejected_with_a_reason_and_the_server_stays_well() throws Exception {
		Http http = new Http(this.port);
		// a warm-up upload, so that what a first ingestion loads (parsers, models) is in the heap before measuring
		awaitJob(http, http.upload("/api/v1/collections/ecommerce-support/documents",
				Map.of("warm-up.txt", "Gift cards never expire.".getBytes(StandardCharsets.UTF_8))));
		long before = usedHeapAfterGc();

		Map<String, byte[]> files = new LinkedHashMap<>();
		files.put("bomb.docx", docxBomb());
		files.put("recursive.pdf", recursivePdf());
		files.put("pages.txt", tenThousandPages());
		files.put("deep.html", deepHtml());
		files.put("program.txt", binary());
		files.put("not-really.pdf", "This is plain text pretending to be a PDF.".getBytes(StandardCharsets.UTF_8));
		JsonNode job = awaitJob(http, http.upload("/api/v1/collections/ecommerce-support/documents", files));

		assertThat(job.path("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
		assertThat(job.path("done").asInt()).isEqualTo(files.size());
		Map<String, JsonNode> results = new LinkedHashMap<>();
		job.path("results").forEach(result -> results.put(result.path("documentId").asString(), result));
		assertThat(results).containsOnlyKeys(files.keySet());
		results.forEach((name, result) -> System.out.printf("hostile file %s: %s %s %s%n", name,
				result.path("outcome").asString(), result.path("reason").asString(), result.path("message").asString()));
		results.forEach((name, result) -> {
			String outcome = result.path("outcome").asString();
			assertThat(outcome).as(name + ": " + result).isIn("ADDED", "REJECTED");
			if (outcome.equals("REJECTED")) {
				assertThat(result.path("reason").asString()).as(name + ": " + result).isNotBlank();
				assertThat(result.path("message").asString()).as(name).doesNotContain("Exception").doesNotContain("\tat ");
			}
		});
		assertThat(results.get("bomb.docx").path("outcome").asString()).isEqualTo("REJECTED");
		assertThat(results.get("program.txt").path("outcome").asString()).isEqualTo("REJECTED");

		String conversation = http.startConversation("ecommerce-support");
		assertThat(http.postJson("/api/v1/conversations/" + conversation + "/messages",
				"{\"message\": \"How long does standard delivery take?\"}").status()).isEqualTo(200);
		assertThat(http.get("/actuator/health").json().path("status").asString()).isEqualTo("UP");
		long after = usedHeapAfterGc();
		assertThat((double) after).as("used heap after a full GC, before %d bytes", before)
			.isLessThan(before * 1.2 + 32 * 1024 * 1024);
	}

	private static JsonNode awaitJob(Http http, Http.Response upload) throws InterruptedException {
		assertThat(upload.status()).as(upload.body()).isEqualTo(202);
		String id = upload.json().path("id").asString();
		long deadline = System.nanoTime() + 180_000_000_000L;
		while (true) {
			JsonNode job = http.get("/api/v1/ingestion-jobs/" + id).json();
			String state = job.path("state").asString();
			if (state.equals("COMPLETED") || state.equals("FAILED")) {
				return job;
			}
			assertThat(System.nanoTime()).as("the job did not finish: " + job).isLessThan(deadline);
			Thread.sleep(100);
		}
	}

	/** A valid Word file whose text part inflates from about 100 KB to 100 MB. */
	private static byte[] docxBomb() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
			entry(zip, "[Content_Types].xml", """
					<?xml version="1.0" encoding="UTF-8"?>
					<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
					<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
					<Default Extension="xml" ContentType="application/xml"/>
					<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
					</Types>""");
			entry(zip, "_rels/.rels", """
					<?xml version="1.0" encoding="UTF-8"?>
					<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
					<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
					</Relationships>""");
			zip.putNextEntry(new ZipEntry("word/document.xml"));
			zip.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>"
				.getBytes(StandardCharsets.UTF_8));
			byte[] paragraph = "<w:p><w:r><w:t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</w:t></w:r></w:p>".repeat(1000)
				.getBytes(StandardCharsets.UTF_8);
			for (long written = 0; written < 100L * 1024 * 1024; written += paragraph.length) {
				zip.write(paragraph);
			}
			zip.write("</w:body></w:document>".getBytes(StandardCharsets.UTF_8));
			zip.closeEntry();
		}
		return bytes.toByteArray();
	}

	private static void entry(ZipOutputStream zip, String name, String text) throws IOException {
		zip.putNextEntry(new ZipEntry(name));
		zip.write(text.getBytes(StandardCharsets.UTF_8));
		zip.closeEntry();
	}

	/** A PDF whose page tree lists itself as its own child, and a page whose resources point back at the page. */
	private static byte[] recursivePdf() {
		String body = """
				%PDF-1.4
				1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
				2 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >> endobj
				3 0 obj << /Type /Page /Parent 2 0 R /Resources 3 0 R /Contents 4 0 R >> endobj
				4 0 obj << /Length 44 >> stream
				BT /F1 12 Tf 72 720 Td (Loop de loop) Tj ET
				endstream endobj
				trailer << /Root 1 0 R /Size 5 >>
				%%EOF
				""";
		return body.getBytes(StandardCharsets.ISO_8859_1);
	}

	/** 10,000 pages (form feeds between them), a line each. */
	private static byte[] tenThousandPages() {
		StringBuilder text = new StringBuilder();
		for (int page = 1; page <= 10_000; page++) {
			text.append("Page ").append(page).append(": returns are accepted within 30 days.\n\f");
		}
		return text.toString().getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] deepHtml() {
		return ("<html><body>" + "<div>".repeat(50_000) + "deep text" + "</div>".repeat(50_000) + "</body></html>")
			.getBytes(StandardCharsets.UTF_8);
	}

	/** An executable's first bytes and then noise, named as text. */
	private static byte[] binary() {
		byte[] bytes = new byte[64 * 1024];
		bytes[0] = 0x7f;
		bytes[1] = 'E';
		bytes[2] = 'L';
		bytes[3] = 'F';
		for (int i = 4; i < bytes.length; i++) {
			bytes[i] = (byte) (i * 31 + (i >> 7));
		}
		return bytes;
	}

	private static long usedHeapAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
