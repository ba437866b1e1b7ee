package dev.tessera.core.assistant.version;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of assistants' versions and of their state (enabled, active version). Versions are only ever added.
 * Callers group writes in a transaction.
 */
interface AssistantVersionStore {

	/**
	 * An assistant's stored state.
	 * @param activeVersion the version whose definition serves turns
	 * @param latestVersion the highest version stored
	 */
	record StoredAssistant(String id, boolean enabled, int activeVersion, int latestVersion, OffsetDateTime updatedAt) {
	}

	Optional<StoredAssistant> find(String assistantId);

	/** Every stored assistant's state. */
	List<StoredAssistant> all();

	/** Adds an assistant whose first version is then {@link #append appended} in the same transaction. */
	void create(String assistantId, boolean enabled, int activeVersion, OffsetDateTime now);

	/**
	 * Stores a version. Its number must be the next one: a number already taken (another server stored it first)
	 * fails with {@link ConcurrentAssistantEditException}.
	 */
	void append(AssistantVersion version);

	void activate(String assistantId, int version, OffsetDateTime now);

	void setEnabled(String assistantId, boolean enabled, OffsetDateTime now);

	/** Every version, oldest first. */
	List<AssistantVersion> versions(String assistantId);

	Optional<AssistantVersion> version(String assistantId, int version);

	/** The newest version of this origin, e.g. the last import of the pack file. */
	Optional<AssistantVersion> latest(String assistantId, VersionOrigin origin);

}
