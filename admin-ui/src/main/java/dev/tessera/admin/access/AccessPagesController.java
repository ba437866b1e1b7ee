package dev.tessera.admin.access;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tessera.admin.ConsoleAudit;
import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.access.ApiKeys;
import dev.tessera.core.access.InvalidAccountException;
import dev.tessera.core.access.IssuedApiKey;
import dev.tessera.core.access.OperatorAccount;
import dev.tessera.core.access.OperatorAccountService;
import dev.tessera.core.access.Role;
import dev.tessera.core.assistant.AssistantCatalog;

/**
 * Operators and chat API keys of the administrator's tenant. A new key's secret is shown on the next page only.
 */
@Controller
class AccessPagesController {

	private final OperatorAccountService accounts;

	private final ApiKeys keys;

	private final AssistantCatalog assistants;

	private final ConsoleAudit audit;

	AccessPagesController(OperatorAccountService accounts, ApiKeys keys, AssistantCatalog assistants,
			ConsoleAudit audit) {
		this.accounts = accounts;
		this.keys = keys;
		this.assistants = assistants;
		this.audit = audit;
	}

	@GetMapping("/admin/users")
	String page(@ModelAttribute("operator") ConsoleOperator operator, Model model) {
		model.addAttribute("users",
				this.accounts.all().stream().filter(a -> a.tenantId().equals(operator.tenant())).toList());
		model.addAttribute("keys", this.keys.list(operator.tenant()));
		model.addAttribute("roles", Role.values());
		model.addAttribute("assistants", this.assistants.all());
		return "console/users";
	}

	@PostMapping("/admin/users")
	String create(@ModelAttribute("operator") ConsoleOperator operator, @RequestParam String username,
			@RequestParam String password, @RequestParam(required = false) List<Role> roles,
			RedirectAttributes redirect) {
		try {
			Set<Role> granted = roles == null ? Set.of() : EnumSet.copyOf(roles);
			OperatorAccount account = this.accounts.create(username.strip(), password, granted, operator.tenant());
			this.audit.record(operator, "operator.create", "operator/" + account.username(), null,
					account.username() + " " + account.roles());
			redirect.addFlashAttribute("notice", "Created " + account.username() + ".");
		}
		catch (InvalidAccountException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/users/{username}/enabled")
	String enable(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String username,
			@RequestParam boolean enabled, RedirectAttributes redirect) {
		OperatorAccount before = this.accounts.find(username)
			.filter(a -> a.tenantId().equals(operator.tenant()))
			.orElse(null);
		if (before == null) {
			redirect.addFlashAttribute("error", "No operator " + username + ".");
		}
		else if (username.equals(operator.username()) && !enabled) {
			redirect.addFlashAttribute("error", "You cannot disable your own account.");
		}
		else {
			this.accounts.update(username, before.roles(), enabled);
			this.audit.record(operator, "operator.update", "operator/" + username, "enabled=" + before.enabled(),
					"enabled=" + enabled);
			redirect.addFlashAttribute("notice", (enabled ? "Enabled " : "Disabled ") + username + ".");
		}
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/api-keys")
	String issue(@ModelAttribute("operator") ConsoleOperator operator, @RequestParam String name,
			@RequestParam(required = false) List<String> assistants, RedirectAttributes redirect) {
		try {
			Set<String> scope = assistants == null ? Set.of() : new HashSet<>(assistants);
			scope.removeIf(id -> this.assistants.find(id).isEmpty());
			IssuedApiKey issued = this.keys.issue(operator.tenant(), name, scope, operator.username());
			this.audit.record(operator, "api-key.issue", "api-key/" + issued.key().id(), null,
					issued.key().name() + " " + issued.key().prefix() + " " + issued.key().assistants());
			redirect.addFlashAttribute("issued", issued);
		}
		catch (InvalidAccountException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/users";
	}

	@PostMapping("/admin/api-keys/{id}/revoke")
	String revoke(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			RedirectAttributes redirect) {
		if (this.keys.revoke(operator.tenant(), id)) {
			this.audit.record(operator, "api-key.revoke", "api-key/" + id, "live", "revoked");
			redirect.addFlashAttribute("notice", "Revoked the key.");
		}
		else {
			redirect.addFlashAttribute("error", "No live key " + id + ".");
		}
		return "redirect:/admin/users";
	}

}
