package dev.tessera.retrieval.ingest;

/**
 * The text of an accepted document.
 *
 * @param title the document's title (its metadata title, first heading, or file name)
 * @param mediaType the detected type, e.g. {@code application/pdf}
 * @param text the text; Markdown and plain text are kept as written so headings survive for chunking
 */
public record ParsedDocument(String title, String mediaType, String text) {
}
