package dev.tessera.domains.contract;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.xwpf.usermodel.XWPFDocument;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

import dev.tessera.retrieval.ingest.DocumentParser;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pack's sample contract as a Word document and as a PDF (made by POI and PDFBox, one paragraph or line per
 * paragraph of the text): after parsing, the clauses are the same as from the text.
 */
class ContractFormatsTest {

	private final DocumentParser parser = new DocumentParser(new DocumentParser.Limits(2_000_000, 1_000_000));

	private final ClauseSplitter splitter = new ClauseSplitter();

	private static List<String> paragraphs() throws Exception {
		String text = new ClassPathResource("tessera/packs/contract-review/samples/services-agreement.txt")
			.getContentAsString(StandardCharsets.UTF_8);
		return List.of(text.split("\\n\\s*\\n")).stream().map(String::strip).filter(p -> !p.isEmpty()).toList();
	}

	private List<String> numbers(String text) {
		return this.splitter.split(text).stream().map(Clause::number).toList();
	}

	private static final List<String> EXPECTED = List.of("1.1", "1.2", "2.1", "2.2", "3.1", "3.2", "4.1", "4.2", "5.1",
			"5.2", "6.1", "6.2", "7.1", "8.1", "9.1", "9.2");

	@Test
	void a_word_document_splits_into_the_same_clauses() throws Exception {
		byte[] docx;
		try (XWPFDocument document = new XWPFDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			for (String paragraph : paragraphs()) {
				document.createParagraph().createRun().setText(paragraph);
			}
			document.write(out);
			docx = out.toByteArray();
		}

		String text = this.parser.parse("agreement.docx", docx).text();

		assertThat(numbers(text)).containsSubsequence(EXPECTED);
	}

	@Test
	void a_pdf_splits_into_the_same_clauses() throws Exception {
		byte[] pdf;
		try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			PDPage page = new PDPage();
			document.addPage(page);
			try (PDPageContentStream stream = new PDPageContentStream(document, page)) {
				stream.beginText();
				stream.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 6);
				stream.setLeading(9);
				stream.newLineAtOffset(20, 760);
				for (String paragraph : paragraphs()) {
					stream.showText(paragraph);
					stream.newLine();
					stream.newLine();
				}
				stream.endText();
			}
			document.save(out);
			pdf = out.toByteArray();
		}

		String text = this.parser.parse("agreement.pdf", pdf).text();

		assertThat(numbers(text)).containsSubsequence(EXPECTED);
	}

}
