package dev.tessera.retrieval.ingest;

/**
 * No room for another ingestion job.
 */
public class JobQueueFullException extends RuntimeException {

	public JobQueueFullException(String message) {
		super(message);
	}

}
