package dev.tessera.retrieval.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.tika.Tika;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.TikaException;
import org.apache.tika.exception.WriteLimitReachedException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.sax.BodyContentHandler;
import org.xml.sax.SAXException;

/**
 * Turns an uploaded file into text with Apache Tika, or rejects it with a reason: too large, an archive, an
 * unsupported type, encrypted, corrupt, expanding past the text limit, or empty. Accepted: PDF, DOCX, HTML, Markdown
 * and plain text. Nothing is kept from a rejected document.
 */
public final class DocumentParser {

	/**
	 * @param maxBytes largest file accepted
	 * @param maxChars most characters of text extracted from one file (bounds what compressed content can expand to)
	 */
	public record Limits(long maxBytes, int maxChars) {
	}

	private static final Set<String> MARKUP_AS_WRITTEN = Set.of("text/plain", "text/markdown", "text/x-web-markdown");

	private static final String WORD = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

	private static final Set<String> EXTRACTED = Set.of("application/pdf", WORD, "text/html", "application/xhtml+xml");

	/** A line break between two lines of text, the only separation Tika puts between Word paragraphs. */
	private static final Pattern SINGLE_BREAK = Pattern
		.compile("(?<=\\S)[ \\t]*\\n(?=[ \\t]*\\S)");

	private static final Set<String> ARCHIVES = Set.of("application/zip", "application/gzip", "application/x-gzip",
			"application/x-tar", "application/x-gtar", "application/x-7z-compressed", "application/x-rar-compressed",
			"application/vnd.rar", "application/x-bzip2", "application/x-xz", "application/zstd",
			"application/java-archive");

	private final Tika detector = new Tika();

	private final AutoDetectParser parser = new AutoDetectParser();

	private final Limits limits;

	public DocumentParser(Limits limits) {
		this.limits = limits;
	}

	/**
	 * Word files are read as a stream (SAX), not as a DOM of the whole document: with the DOM a zip bomb of 100 MB of
	 * XML exhausted a 2 GB heap before the text limit was reached.
	 */
	private static ParseContext context() {
		ParseContext context = new ParseContext();
		org.apache.tika.parser.microsoft.OfficeParserConfig office = new org.apache.tika.parser.microsoft.OfficeParserConfig();
		office.setUseSAXDocxExtractor(true);
		context.set(org.apache.tika.parser.microsoft.OfficeParserConfig.class, office);
		return context;
	}

	public ParsedDocument parse(String fileName, byte[] content) throws RejectedDocumentException {
		if (content.length > this.limits.maxBytes()) {
			throw new RejectedDocumentException(RejectedDocumentException.Reason.TOO_LARGE, fileName + " has "
					+ content.length + " bytes; the limit is " + this.limits.maxBytes());
		}
		if (content.length == 0) {
			throw new RejectedDocumentException(RejectedDocumentException.Reason.EMPTY, fileName + " is empty");
		}
		String type = this.detector.detect(content, fileName);
		if (ARCHIVES.contains(type)) {
			throw new RejectedDocumentException(RejectedDocumentException.Reason.ARCHIVE, fileName + " is an archive ("
					+ type + "); archives are not accepted because they can expand without bound: upload the documents");
		}
		String text;
		String title = fileName;
		if (MARKUP_AS_WRITTEN.contains(type)) {
			text = new String(content, StandardCharsets.UTF_8);
			if (text.length() > this.limits.maxChars()) {
				throw tooMuchText(fileName, null);
			}
		}
		else if (EXTRACTED.contains(type)) {
			Metadata metadata = new Metadata();
			metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName);
			BodyContentHandler handler = new BodyContentHandler(this.limits.maxChars());
			try (InputStream in = TikaInputStream.get(content)) {
				this.parser.parse(in, handler, metadata, context());
			}
			catch (EncryptedDocumentException ex) {
				throw new RejectedDocumentException(RejectedDocumentException.Reason.ENCRYPTED,
						fileName + " is password-protected; upload an unprotected copy", ex);
			}
			catch (ZeroByteFileException ex) {
				throw new RejectedDocumentException(RejectedDocumentException.Reason.EMPTY, fileName + " is empty", ex);
			}
			catch (SAXException ex) {
				if (WriteLimitReachedException.isWriteLimitReached(ex)) {
					throw tooMuchText(fileName, ex);
				}
				throw corrupt(fileName, type, ex);
			}
			catch (TikaException | IOException | RuntimeException ex) {
				if (isEncrypted(ex)) {
					throw new RejectedDocumentException(RejectedDocumentException.Reason.ENCRYPTED,
							fileName + " is password-protected; upload an unprotected copy", ex);
				}
				if (ex.getClass().getSimpleName().contains("ZipBomb")) {
					throw tooMuchText(fileName, ex);
				}
				throw corrupt(fileName, type, ex);
			}
			text = handler.toString();
			if (type.equals(WORD)) {
				// Tika ends each Word paragraph with one line break; a blank line keeps paragraphs, headings and
				// numbered clauses apart for the chunker and for contract review, as in the Markdown and text it reads
				text = SINGLE_BREAK.matcher(text).replaceAll("\n\n");
			}
			String metadataTitle = metadata.get(TikaCoreProperties.TITLE);
			if (metadataTitle != null && !metadataTitle.isBlank()) {
				title = metadataTitle.strip();
			}
		}
		else {
			throw new RejectedDocumentException(RejectedDocumentException.Reason.UNSUPPORTED_TYPE,
					fileName + " is " + type + "; accepted: PDF, DOCX, HTML, Markdown and plain text");
		}
		if (text.isBlank()) {
			throw new RejectedDocumentException(RejectedDocumentException.Reason.EMPTY,
					fileName + " contains no text (a scanned document needs OCR first)");
		}
		if (title.equals(fileName)) {
			title = text.lines()
				.map(String::strip)
				.filter(line -> line.startsWith("# "))
				.map(line -> line.substring(2).strip())
				.findFirst()
				.orElse(fileName);
		}
		return new ParsedDocument(title, type, text);
	}

	private static boolean isEncrypted(Throwable ex) {
		for (Throwable t = ex; t != null; t = t.getCause()) {
			if (t instanceof EncryptedDocumentException || t.getClass().getSimpleName().contains("InvalidPassword")) {
				return true;
			}
		}
		return false;
	}

	private RejectedDocumentException tooMuchText(String fileName, Throwable cause) {
		return new RejectedDocumentException(RejectedDocumentException.Reason.TOO_MUCH_TEXT, fileName
				+ " expands to more than " + this.limits.maxChars() + " characters of text; split it or raise the limit",
				cause);
	}

	private static RejectedDocumentException corrupt(String fileName, String type, Throwable cause) {
		return new RejectedDocumentException(RejectedDocumentException.Reason.CORRUPT,
				fileName + " cannot be read as " + type + ": it is damaged or not what its type claims", cause);
	}

}
