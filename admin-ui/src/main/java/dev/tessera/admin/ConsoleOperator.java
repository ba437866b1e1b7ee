package dev.tessera.admin;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import dev.tessera.core.access.OperatorAccount;
import dev.tessera.core.access.OperatorAccountService;

/**
 * The operator signed in to the console: name, tenant and roles. Roles come from the request (Spring Security fills
 * it), the tenant from the operator's account.
 */
public record ConsoleOperator(String username, String tenant, boolean admin, boolean reviewer, boolean auditor) {

	public static ConsoleOperator of(HttpServletRequest request, OperatorAccountService accounts) {
		Principal principal = request.getUserPrincipal();
		if (principal == null) {
			throw new IllegalStateException("the console is only served to signed-in operators");
		}
		String tenant = accounts.find(principal.getName())
			.map(OperatorAccount::tenantId)
			.orElseThrow(() -> new IllegalStateException("no account for " + principal.getName()));
		return new ConsoleOperator(principal.getName(), tenant, request.isUserInRole("ADMIN"),
				request.isUserInRole("REVIEWER"), request.isUserInRole("AUDITOR"));
	}

}
