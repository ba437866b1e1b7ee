package dev.tessera.retrieval.ingest;

/**
 * What happened to one document.
 *
 * @param documentId the document (its file name)
 * @param outcome added, replaced, unchanged or rejected
 * @param chunks chunks stored for it (0 when unchanged or rejected)
 * @param contentHash SHA-256 of the uploaded bytes
 * @param reason why it was rejected, or {@code null}
 * @param message a sentence for the uploader
 */
public record IngestionResult(String documentId, Outcome outcome, int chunks, String contentHash,
		RejectedDocumentException.Reason reason, String message) {

	public enum Outcome {

		ADDED, REPLACED, UNCHANGED, REJECTED

	}

}
