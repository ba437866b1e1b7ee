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

	/**
	 * The result of a document written into a bulk load: stored in the load, searchable only when its job completes
	 * (a job that fails, or whose server dies, makes none of its documents searchable).
	 */
	IngestionResult inBulk() {
		if (this.outcome != Outcome.ADDED && this.outcome != Outcome.REPLACED) {
			return this;
		}
		return new IngestionResult(this.documentId, this.outcome, this.chunks, this.contentHash, this.reason,
				this.message + " in the job's bulk load; searchable once the job completes");
	}

	public enum Outcome {

		ADDED, REPLACED, UNCHANGED, REJECTED

	}

}
