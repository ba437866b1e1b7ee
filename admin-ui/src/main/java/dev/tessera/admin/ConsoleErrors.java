package dev.tessera.admin;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;

import dev.tessera.core.assistant.UnknownAssistantException;
import dev.tessera.core.assistant.version.UnknownAssistantVersionException;
import dev.tessera.core.handoff.UnknownHandoffException;

/**
 * Errors on console pages are pages too, never a stack trace or a JSON problem meant for API clients.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class, annotations = ConsoleController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

	private static final Log logger = LogFactory.getLog(ConsoleErrors.class);

	@ExceptionHandler({ UnknownHandoffException.class, UnknownAssistantException.class,
			UnknownAssistantVersionException.class })
	@ResponseStatus(HttpStatus.NOT_FOUND)
	String notFound(RuntimeException ex, Model model) {
		model.addAttribute("status", 404);
		model.addAttribute("message", ex.getMessage());
		return "console/error";
	}

	@ExceptionHandler(IllegalArgumentException.class)
	@ResponseStatus(HttpStatus.BAD_REQUEST)
	String badRequest(IllegalArgumentException ex, Model model) {
		model.addAttribute("status", 400);
		model.addAttribute("message", ex.getMessage());
		return "console/error";
	}

	@ExceptionHandler(Exception.class)
	@ResponseStatus(HttpStatus.INTERNAL_SERVER_ERROR)
	String unexpected(Exception ex, Model model) {
		logger.error("Console page failed", ex);
		model.addAttribute("status", 500);
		model.addAttribute("message", "The page could not be shown. The error has been logged.");
		return "console/error";
	}

}
