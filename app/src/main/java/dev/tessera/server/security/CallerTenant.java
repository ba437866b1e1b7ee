package dev.tessera.server.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import dev.tessera.autoconfigure.TesseraProperties;
import dev.tessera.autoconfigure.web.ApiCaller;
import dev.tessera.core.access.ApiKey;
import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.audit.AdminActions;

/**
 * The tenant and the identity of the current caller: an API key's tenant, an operator's tenant, or the default tenant
 * for anonymous chat. Read it on the request's thread, before handing work to another.
 */
@Component
public class CallerTenant implements ApiCaller {

	private final OperatorAccountService accounts;

	private final String defaultTenant;

	public CallerTenant(OperatorAccountService accounts, TesseraProperties properties) {
		this.accounts = accounts;
		this.defaultTenant = properties.getDefaultTenant();
	}

	@Override
	public String tenant() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiKeyAuthentication key) {
			return key.key().tenantId();
		}
		if (authentication != null && authentication.isAuthenticated() && !isAnonymous(authentication)) {
			return this.accounts.find(authentication.getName())
				.map(account -> account.tenantId())
				.orElse(this.defaultTenant);
		}
		return this.defaultTenant;
	}

	@Override
	public String actor() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return authentication == null || isAnonymous(authentication) ? AdminActions.ANONYMOUS : authentication.getName();
	}

	/** Whether the caller may talk to this assistant: API keys may be limited to some. */
	public boolean mayUse(String assistantId) {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		if (authentication instanceof ApiKeyAuthentication key) {
			ApiKey apiKey = key.key();
			return apiKey.allows(assistantId);
		}
		return true;
	}

	private static boolean isAnonymous(Authentication authentication) {
		return authentication instanceof org.springframework.security.authentication.AnonymousAuthenticationToken;
	}

}
