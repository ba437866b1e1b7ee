package dev.tessera.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.tessera.core.access.OperatorAccountService;

/**
 * What every console page shows in its frame: the operator (for the menu and the roles it may use) and the current
 * path (for the active menu entry).
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

	private final OperatorAccountService accounts;

	ConsoleModel(OperatorAccountService accounts) {
		this.accounts = accounts;
	}

	@ModelAttribute("operator")
	ConsoleOperator operator(HttpServletRequest request) {
		return request.getUserPrincipal() == null ? null : ConsoleOperator.of(request, this.accounts);
	}

	@ModelAttribute("path")
	String path(HttpServletRequest request) {
		return request.getRequestURI();
	}

}
