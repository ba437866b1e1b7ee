package dev.tessera.core.assistant.version;

/**
 * Where a version of an assistant's definition came from.
 */
public enum VersionOrigin {

	/** The pack's {@code assistant.yaml} on disk, imported at start-up (author {@value AssistantVersion#PACK_AUTHOR}). */
	PACK,

	/** An operator's edit. */
	EDIT,

	/** A copy of an older version's text, made active again. */
	ROLLBACK

}
