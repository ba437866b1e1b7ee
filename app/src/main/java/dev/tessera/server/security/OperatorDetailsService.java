package dev.tessera.server.security;

import java.util.List;

import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

import dev.tessera.core.access.OperatorAccount;
import dev.tessera.core.access.OperatorAccountService;

/**
 * Operators as Spring Security users: their roles become {@code ROLE_ADMIN}, {@code ROLE_REVIEWER},
 * {@code ROLE_AUDITOR}; a disabled account cannot sign in.
 */
final class OperatorDetailsService implements UserDetailsService {

	private final OperatorAccountService accounts;

	OperatorDetailsService(OperatorAccountService accounts) {
		this.accounts = accounts;
	}

	@Override
	public UserDetails loadUserByUsername(String username) {
		OperatorAccount account = this.accounts.find(username)
			.orElseThrow(() -> new UsernameNotFoundException("no such operator"));
		List<SimpleGrantedAuthority> authorities = account.roles()
			.stream()
			.map(role -> new SimpleGrantedAuthority("ROLE_" + role.name()))
			.toList();
		return User.withUsername(account.username())
			.password(account.passwordHash())
			.authorities(authorities)
			.disabled(!account.enabled())
			.build();
	}

}
