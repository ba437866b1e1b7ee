package dev.tessera.core.access;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where operator accounts are kept.
 */
public interface OperatorAccounts {

	Optional<OperatorAccount> find(String username);

	/** Every account, by user name. */
	List<OperatorAccount> all();

	long count();

	/** @return false when the user name is taken */
	boolean create(OperatorAccount account);

	/** @return false when there is no such account */
	boolean update(String username, Set<Role> roles, boolean enabled);

	/** @return false when there is no such account */
	boolean updatePassword(String username, String passwordHash);

}
