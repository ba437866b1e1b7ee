package dev.tessera.server.database;

import java.sql.SQLException;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Explains a start-up that failed because another server holds the embedded store (H2 file database, Lucene index):
 * the embedded mode is one server per data directory, and several instances share a PostgreSQL instead.
 */
public final class EmbeddedStoreInUseFailureAnalyzer implements FailureAnalyzer {

	/** H2's "database may be already in use" (the file is locked by another process). */
	private static final int H2_DATABASE_ALREADY_OPEN = 90020;

	@Override
	public FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
			boolean h2 = cause instanceof SQLException sql && sql.getErrorCode() == H2_DATABASE_ALREADY_OPEN;
			boolean lucene = cause.getClass().getName().equals("org.apache.lucene.store.LockObtainFailedException");
			if (h2 || lucene) {
				String what = h2 ? "the embedded database" : "the embedded knowledge index";
				return new FailureAnalysis(
						"Tessera's embedded store is already used by another server: " + what + " is locked ("
								+ firstLine(cause.getMessage()) + ").",
						"Run one server per data directory (tessera.data-dir), stop the other one, or run several"
								+ " servers on one PostgreSQL with the postgres profile (--spring.profiles.active=postgres).",
						cause);
			}
		}
		return null;
	}

	private static String firstLine(String message) {
		return message == null ? "" : message.lines().findFirst().orElse("");
	}

}
