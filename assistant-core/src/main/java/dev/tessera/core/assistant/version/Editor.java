package dev.tessera.core.assistant.version;

import java.util.Objects;

/**
 * Who changes an assistant, for its history and the audit trail.
 *
 * @param tenantId the tenant the change is recorded under
 * @param name the operator's name (or API key), {@code anonymous} when the request was not authenticated
 */
public record Editor(String tenantId, String name) {

	public Editor {
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("name cannot be null or blank");
		}
	}

}
