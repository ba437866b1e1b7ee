package dev.tessera.core.access;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A chat client's key, as stored: the secret itself is not kept, only its SHA-256 and its first characters so an
 * operator can tell keys apart.
 *
 * @param assistants the assistants the key may talk to; empty means all of its tenant's
 * @param prefix the first characters of the secret, shown in lists
 */
public record ApiKey(String id, String tenantId, String name, String prefix, Set<String> assistants,
		String createdBy, OffsetDateTime createdAt, @Nullable OffsetDateTime revokedAt,
		@Nullable OffsetDateTime lastUsedAt) {

	public ApiKey {
		Objects.requireNonNull(id, "id cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		assistants = Set.copyOf(assistants);
	}

	public boolean revoked() {
		return this.revokedAt != null;
	}

	/** Whether this key may talk to the assistant. */
	public boolean allows(String assistantId) {
		return this.assistants.isEmpty() || this.assistants.contains(assistantId);
	}

}
