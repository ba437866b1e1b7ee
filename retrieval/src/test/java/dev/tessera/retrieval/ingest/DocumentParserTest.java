package dev.tessera.retrieval.ingest;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;

import dev.tessera.retrieval.ingest.RejectedDocumentException.Reason;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real files of each kind, made by the libraries that write them (PDFBox, POI, java.util.zip).
 */
class DocumentParserTest {

	private final DocumentParser parser = new DocumentParser(new DocumentParser.Limits(2_000_000, 100_000));

	private static byte[] pdf(String text, String ownerPassword) throws Exception {
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage();
			document.addPage(page);
			if (text != null) {
				try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
					stream.beginText();
					stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
					stream.newLineAtOffset(50, 700);
					stream.showText(text);
					stream.endText();
				}
			}
			if (ownerPassword != null) {
				StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, "user-secret",
						new AccessPermission());
				policy.setEncryptionKeyLength(128);
				document.protect(policy);
			}
			document.save(out);
			return out.toByteArray();
		}
	}

	private static byte[] docx(String text) throws Exception {
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.createParagraph().createRun().setText(text);
			document.write(out);
			return out.toByteArray();
		}
	}

	@Test
	void reads_pdf_docx_html_markdown_and_text() throws Exception {
		assertThat(this.parser.parse("policy.pdf", pdf("Refunds are paid within five days.", null)).text())
			.contains("Refunds are paid within five days.");
		ParsedDocument word = this.parser.parse("contract.docx", docx("The liability cap is twelve months of fees."));
		assertThat(word.text()).contains("liability cap is twelve months");
		assertThat(word.mediaType()).contains("wordprocessingml");
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			document.createParagraph().createRun().setText("7. Liability");
			document.createParagraph().createRun().setText("7.1 The cap is twelve months of fees.");
			document.write(out);
			assertThat(this.parser.parse("clauses.docx", out.toByteArray()).text())
				.as("Word paragraphs stay paragraphs: a blank line between them")
				.contains("7. Liability\n\n7.1 The cap is twelve months of fees.");
		}
		ParsedDocument html = this.parser.parse("faq.html",
				"<html><head><title>Shipping FAQ</title></head><body><h1>Delivery</h1><p>Three <b>days</b>.</p></body></html>"
					.getBytes(StandardCharsets.UTF_8));
		assertThat(html.title()).isEqualTo("Shipping FAQ");
		assertThat(html.text()).contains("Delivery").contains("Three days.").doesNotContain("<b>");
		ParsedDocument markdown = this.parser.parse("guide.md",
				"# Returns guide\n\n## Window\nThirty days.\n".getBytes(StandardCharsets.UTF_8));
		assertThat(markdown.title()).isEqualTo("Returns guide");
		assertThat(markdown.text()).contains("## Window"); // headings kept for the chunker
		assertThat(this.parser.parse("notes.txt", "plain words".getBytes(StandardCharsets.UTF_8)).text())
			.isEqualTo("plain words");
	}

	@Test
	void rejects_an_oversized_file() {
		DocumentParser small = new DocumentParser(new DocumentParser.Limits(100, 1000));

		assertThatThrownBy(() -> small.parse("big.txt", new byte[101])).isInstanceOf(RejectedDocumentException.class)
			.hasMessageContaining("101 bytes; the limit is 100")
			.extracting(ex -> ((RejectedDocumentException) ex).reason())
			.isEqualTo(Reason.TOO_LARGE);
	}

	@Test
	void rejects_an_encrypted_pdf() throws Exception {
		assertRejected("locked.pdf", pdf("secret", "owner-secret"), Reason.ENCRYPTED, "password-protected");
	}

	@Test
	void rejects_a_corrupt_pdf() {
		byte[] damaged = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage without end".getBytes();
		assertRejected("damaged.pdf", damaged, Reason.CORRUPT, "damaged");
	}

	@Test
	void rejects_archives_including_a_decompression_bomb() throws Exception {
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			out.putNextEntry(new ZipEntry("a.txt"));
			out.write("hello".getBytes());
			out.closeEntry();
		}
		assertRejected("docs.zip", zip.toByteArray(), Reason.ARCHIVE, "archive");

		// 200 MB of zeros in about 200 KB
		ByteArrayOutputStream bomb = new ByteArrayOutputStream();
		try (GZIPOutputStream out = new GZIPOutputStream(bomb)) {
			byte[] zeros = new byte[1 << 20];
			for (int i = 0; i < 200; i++) {
				out.write(zeros);
			}
		}
		assertRejected("bomb.txt.gz", bomb.toByteArray(), Reason.ARCHIVE, "expand without bound");
	}

	@Test
	void rejects_an_office_file_whose_text_expands_past_the_limit() throws Exception {
		byte[] expanding = docx("word ".repeat(60_000)); // 300,000 characters, compressed to a few KB

		assertThat(expanding.length).isLessThan(20_000);
		assertRejected("expanding.docx", expanding, Reason.TOO_MUCH_TEXT, "more than 100000 characters");
	}

	@Test
	void rejects_unsupported_types_and_files_without_text() throws Exception {
		byte[] png = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R' };
		assertRejected("photo.png", png, Reason.UNSUPPORTED_TYPE, "image/png");
		assertRejected("scan.pdf", pdf(null, null), Reason.EMPTY, "no text");
		assertRejected("blank.txt", "  \n\t ".getBytes(), Reason.EMPTY, "no text");
		assertRejected("nothing.txt", new byte[0], Reason.EMPTY, "empty");
	}

	private void assertRejected(String name, byte[] content, Reason reason, String message) {
		assertThatThrownBy(() -> this.parser.parse(name, content)).isInstanceOf(RejectedDocumentException.class)
			.hasMessageContaining(name)
			.hasMessageContaining(message)
			.extracting(ex -> ((RejectedDocumentException) ex).reason())
			.isEqualTo(reason);
	}

}
