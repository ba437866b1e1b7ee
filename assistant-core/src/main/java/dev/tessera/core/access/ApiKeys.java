package dev.tessera.core.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Issues, checks and revokes chat clients' keys.
 */
public interface ApiKeys {

	/** The start of every secret, so a leaked key is easy to recognise (e.g. by secret scanners). */
	String SECRET_PREFIX = "tsk_";

	/**
	 * @param assistants the assistants the key may use; empty for all
	 * @throws InvalidAccountException for a blank or over-long name
	 */
	IssuedApiKey issue(String tenantId, String name, Set<String> assistants, String createdBy);

	/** The live key with this secret; empty for an unknown or revoked one. */
	Optional<ApiKey> authenticate(String secret);

	/** A tenant's keys, revoked ones included, newest first. */
	List<ApiKey> list(String tenantId);

	Optional<ApiKey> find(String tenantId, String id);

	/** @return false when the tenant has no such live key */
	boolean revoke(String tenantId, String id);

}
