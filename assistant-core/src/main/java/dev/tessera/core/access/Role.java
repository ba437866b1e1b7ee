package dev.tessera.core.access;

/**
 * What an operator may do. Chat clients are not operators: they hold {@link ApiKey}s.
 */
public enum Role {

	/** Configures assistants, knowledge, policies, users and keys. */
	ADMIN,

	/** Works the hand-off and review queue. */
	REVIEWER,

	/** Reads the audit trail and exports it; changes nothing. */
	AUDITOR

}
