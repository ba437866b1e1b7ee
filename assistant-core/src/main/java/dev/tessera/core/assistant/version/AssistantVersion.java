package dev.tessera.core.assistant.version;

import java.time.OffsetDateTime;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * One version of an assistant's definition: the full {@code assistant.yaml} text and who made it, when and why.
 * Versions are numbered 1..N per assistant and never change once stored.
 *
 * @param assistantId the assistant
 * @param version 1-based, in the order stored
 * @param yaml the whole {@code assistant.yaml} text
 * @param origin pack import, edit or rollback
 * @param author who made it: an operator's name, or {@value #PACK_AUTHOR} for imports of the pack file
 * @param comment the author's note, if any
 * @param restoredFrom for a rollback, the version whose text this copies
 * @param createdAt when it was stored
 */
public record AssistantVersion(String assistantId, int version, String yaml, VersionOrigin origin, String author,
		@Nullable String comment, @Nullable Integer restoredFrom, OffsetDateTime createdAt) {

	/** The author of versions imported from the pack file. */
	public static final String PACK_AUTHOR = "pack";

	public AssistantVersion {
		Objects.requireNonNull(assistantId, "assistantId cannot be null");
		if (version < 1) {
			throw new IllegalArgumentException("version must be >= 1, got " + version);
		}
		Objects.requireNonNull(yaml, "yaml cannot be null");
		Objects.requireNonNull(origin, "origin cannot be null");
		if (author == null || author.isBlank()) {
			throw new IllegalArgumentException("author cannot be null or blank");
		}
		comment = comment == null || comment.isBlank() ? null : comment.strip();
		Objects.requireNonNull(createdAt, "createdAt cannot be null");
	}

}
