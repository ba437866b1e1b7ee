package dev.tessera.core.heads;

import java.util.Map;
import java.util.OptionalInt;

/**
 * Head versions published to every server that shares a database, and which version of each head serves turns.
 * A version trained on one server is published here and the others take it in ({@link TaskHeadService#refresh()}),
 * so a promotion on one server is in force on all of them.
 */
public interface HeadVersions {

	/** A head of an assistant and the version it serves. */
	record Serving(String assistantId, String head, int version) {
	}

	/** The highest version published for the head, if any. */
	OptionalInt latest(String assistantId, String head);

	/**
	 * Publishes a version's files and makes it the one served, in one transaction.
	 * @throws VersionTakenException when another server published this version number first
	 */
	void publish(String assistantId, String head, int version, Map<String, byte[]> files);

	/**
	 * Publishes a version's files without serving it: a retrained version waiting for the promotion gate, which
	 * every server can load once it is promoted.
	 * @throws VersionTakenException when another server published this version number first
	 */
	void store(String assistantId, String head, int version, Map<String, byte[]> files);

	/** Makes a published version the one served (a promotion or a rollback). */
	void serve(String assistantId, String head, int version);

	/** The version each published head serves. */
	java.util.List<Serving> serving();

	/** A published version's files by name. */
	Map<String, byte[]> files(String assistantId, String head, int version);

	/** Another server published this version number first; the caller saves its head under the next one. */
	final class VersionTakenException extends RuntimeException {

		public VersionTakenException(String assistantId, String head, int version, Throwable cause) {
			super("version " + version + " of head '" + head + "' of '" + assistantId + "' is already published",
					cause);
		}

	}

}
