package dev.tessera.core.assistant.version;

import org.jspecify.annotations.Nullable;

/**
 * Another change to the same assistant was stored first (e.g. by another server on the same database); the caller may
 * read the new state and try again.
 */
public class ConcurrentAssistantEditException extends RuntimeException {

	public ConcurrentAssistantEditException(String assistantId, int latestVersion, @Nullable Throwable cause) {
		super("Assistant '" + assistantId + "' was changed elsewhere at the same time (its latest version is now "
				+ latestVersion + "); read it again and retry.", cause);
	}

}
