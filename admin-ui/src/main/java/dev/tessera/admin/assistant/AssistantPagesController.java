package dev.tessera.admin.assistant;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.core.assistant.version.AssistantState;
import dev.tessera.core.assistant.version.Editor;
import dev.tessera.core.assistant.version.UnknownAssistantVersionException;
import dev.tessera.core.assistant.version.VersionedAssistantCatalog;

/**
 * Assistants: their state, their guardrail and routing policies, the definition's text with validation on save, the
 * version history with diffs and rollback, and enable/disable. Changes are recorded in the audit trail by the
 * catalog itself, in the transaction that stores them.
 */
@Controller
class AssistantPagesController {

	private final VersionedAssistantCatalog catalog;

	AssistantPagesController(VersionedAssistantCatalog catalog) {
		this.catalog = catalog;
	}

	@GetMapping("/admin/assistants")
	String list(Model model) {
		model.addAttribute("assistants", this.catalog.states());
		return "console/assistants";
	}

	@GetMapping("/admin/assistants/{id}")
	String assistant(@PathVariable String id, @RequestParam(required = false) Integer from,
			@RequestParam(required = false) Integer to, Model model) {
		AssistantState state = this.catalog.state(id);
		model.addAttribute("state", state);
		model.addAttribute("definition", state.definition());
		model.addAttribute("versions", this.catalog.versions(id).reversed());
		if (!model.containsAttribute("yaml")) {
			model.addAttribute("yaml", state.active().yaml());
		}
		if (from != null && to != null) {
			try {
				model.addAttribute("diff", this.catalog.diff(id, from, to));
			}
			catch (UnknownAssistantVersionException ex) {
				model.addAttribute("error", ex.getMessage());
			}
		}
		return "console/assistant";
	}

	@PostMapping("/admin/assistants/{id}")
	String edit(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam String yaml, @RequestParam(defaultValue = "") String comment, RedirectAttributes redirect) {
		try {
			VersionedAssistantCatalog.Change change = this.catalog.edit(id, yaml, comment.isBlank() ? null : comment,
					editor(operator));
			redirect.addFlashAttribute("notice", change.created()
					? "Saved as version " + change.assistant().active().version() + "; in force from the next turn."
					: "No change: the text is the active version's.");
		}
		catch (InvalidPackException ex) {
			redirect.addFlashAttribute("error", "Not saved: " + ex.getMessage());
			redirect.addFlashAttribute("yaml", yaml);
		}
		return "redirect:/admin/assistants/" + id;
	}

	@PostMapping("/admin/assistants/{id}/rollback")
	String rollback(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam int to, RedirectAttributes redirect) {
		AssistantState state = this.catalog.rollback(id, to, "rolled back in the console", editor(operator));
		redirect.addFlashAttribute("notice",
				"Version " + to + " restored as version " + state.active().version() + ".");
		return "redirect:/admin/assistants/" + id;
	}

	@PostMapping("/admin/assistants/{id}/enabled")
	String enable(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam boolean enabled, RedirectAttributes redirect) {
		if (enabled) {
			this.catalog.enable(id, editor(operator));
		}
		else {
			this.catalog.disable(id, editor(operator));
		}
		redirect.addFlashAttribute("notice", (enabled ? "Enabled " : "Disabled ") + id + ".");
		return "redirect:/admin/assistants/" + id;
	}

	private static Editor editor(ConsoleOperator operator) {
		return new Editor(operator.tenant(), operator.username());
	}

}
