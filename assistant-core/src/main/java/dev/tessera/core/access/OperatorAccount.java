package dev.tessera.core.access;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * A person who signs in to the console or the admin API.
 *
 * @param passwordHash bcrypt; the password itself is never stored
 * @param tenantId the tenant whose assistants, knowledge and queue the operator sees
 */
public record OperatorAccount(String username, String tenantId, String passwordHash, Set<Role> roles, boolean enabled,
		OffsetDateTime createdAt) {

	public OperatorAccount {
		Objects.requireNonNull(username, "username cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(passwordHash, "passwordHash cannot be null");
		roles = Set.copyOf(roles);
	}

}
