package dev.tessera.admin;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

import dev.tessera.core.access.OperatorAccountService;

/**
 * What every console page shows in its frame: the operator (for the menu and the roles it may use) and the current
 * path (for the active menu entry).
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class, annotations = ConsoleController.class)
class ConsoleModel {

	private final OperatorAccountService accounts;

	private final List<ConsolePage> pages;

	ConsoleModel(OperatorAccountService accounts, ObjectProvider<ConsolePage> pages) {
		this.accounts = accounts;
		this.pages = pages.orderedStream().toList();
	}

	/** The plug-ins' pages, for the menu. */
	@ModelAttribute("consolePages")
	List<ConsolePage> pages() {
		return this.pages;
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
