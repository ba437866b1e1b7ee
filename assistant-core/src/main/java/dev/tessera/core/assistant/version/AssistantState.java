package dev.tessera.core.assistant.version;

import java.time.OffsetDateTime;
import java.util.Objects;

import dev.tessera.core.assistant.AssistantDefinition;

/**
 * An assistant as operators see it: its definition in force, whether it takes turns, and where it stands in its
 * history.
 *
 * @param definition the active version's definition
 * @param enabled whether it takes turns
 * @param active the version in force (usually the latest; not when the pack file changed after an operator's edit)
 * @param latestVersion the highest version stored
 * @param updatedAt when its state last changed
 */
public record AssistantState(AssistantDefinition definition, boolean enabled, AssistantVersion active,
		int latestVersion, OffsetDateTime updatedAt) {

	public AssistantState {
		Objects.requireNonNull(definition, "definition cannot be null");
		Objects.requireNonNull(active, "active cannot be null");
		Objects.requireNonNull(updatedAt, "updatedAt cannot be null");
		if (latestVersion < active.version()) {
			throw new IllegalArgumentException(
					"latestVersion " + latestVersion + " is below the active version " + active.version());
		}
	}

	public String id() {
		return this.definition.id();
	}

}
