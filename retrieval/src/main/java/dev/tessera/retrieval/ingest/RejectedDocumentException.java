package dev.tessera.retrieval.ingest;

/**
 * A document that cannot be ingested, with a machine-readable reason and a sentence for the person who uploaded it.
 */
public class RejectedDocumentException extends Exception {

	private final Reason reason;

	public RejectedDocumentException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public RejectedDocumentException(Reason reason, String message, Throwable cause) {
		super(message, cause);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	public enum Reason {

		/** Larger than the byte limit. */
		TOO_LARGE,
		/** A file type the parser does not accept. */
		UNSUPPORTED_TYPE,
		/** An archive (zip, gzip, tar, ...): archives can expand without bound. */
		ARCHIVE,
		/** Its text expands past the character limit (e.g. a decompression bomb inside an office file). */
		TOO_MUCH_TEXT,
		/** Password-protected. */
		ENCRYPTED,
		/** Damaged or not what its type claims. */
		CORRUPT,
		/** No text in it. */
		EMPTY

	}

}
