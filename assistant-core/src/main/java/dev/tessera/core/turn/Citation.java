package dev.tessera.core.turn;

/**
 * A source passage a reply relies on.
 *
 * @param documentId the document's id (its path in the pack)
 * @param title the document's title
 * @param section the heading the passage sits under
 * @param start character offset of the passage in the document
 * @param end end offset (exclusive)
 * @param score retrieval score
 * @param text the passage
 */
public record Citation(String documentId, String title, String section, int start, int end, double score,
		String text) {
}
