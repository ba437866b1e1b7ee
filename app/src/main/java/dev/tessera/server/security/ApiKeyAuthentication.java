package dev.tessera.server.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import dev.tessera.core.access.ApiKey;

/**
 * A chat client authenticated by its API key. Its only authority is {@code ROLE_CHAT}; the key carries the tenant and
 * the assistants it may use.
 */
public final class ApiKeyAuthentication extends AbstractAuthenticationToken {

	private final ApiKey key;

	public ApiKeyAuthentication(ApiKey key) {
		super(List.of(new SimpleGrantedAuthority("ROLE_" + Roles.CHAT)));
		this.key = key;
		setAuthenticated(true);
	}

	public ApiKey key() {
		return this.key;
	}

	/** Never the secret. */
	@Override
	public Object getCredentials() {
		return "";
	}

	@Override
	public Object getPrincipal() {
		return getName();
	}

	/** How the key appears in the audit trail: its name and its visible prefix. */
	@Override
	public String getName() {
		return "api-key:" + this.key.name() + " (" + this.key.prefix() + "…)";
	}

}
