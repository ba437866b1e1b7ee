package dev.tessera.server.security;

/**
 * Role names as Spring Security sees them: the operators' roles from {@link dev.tessera.core.access.Role} and the
 * chat clients' own.
 */
final class Roles {

	static final String ADMIN = "ADMIN";

	static final String REVIEWER = "REVIEWER";

	static final String AUDITOR = "AUDITOR";

	/** API keys, and anonymous callers when anonymous chat is on. */
	static final String CHAT = "CHAT";

	private Roles() {
	}

}
