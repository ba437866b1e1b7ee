package dev.tessera.admin.handoff;

import java.util.Optional;

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
import dev.tessera.core.turn.ConversationService;
import dev.tessera.core.handoff.HandoffItem;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffState;
import dev.tessera.core.handoff.HandoffTransitionException;
import dev.tessera.core.handoff.UnknownHandoffException;

/**
 * The hand-off queue: list by state, one item with its conversation, and the claim → reply → resolve cycle, acting as
 * the signed-in operator.
 */
@Controller
class HandoffPagesController {

	private final HandoffQueue queue;

	private final ConversationService conversations;

	private final ConsoleAudit audit;

	HandoffPagesController(HandoffQueue queue, ConversationService conversations, ConsoleAudit audit) {
		this.queue = queue;
		this.conversations = conversations;
		this.audit = audit;
	}

	@GetMapping("/admin/handoffs")
	String list(@ModelAttribute("operator") ConsoleOperator operator,
			@RequestParam(defaultValue = "OPEN") String state, Model model) {
		Optional<HandoffState> filter = state.equals("ALL") ? Optional.empty()
				: Optional.of(HandoffState.valueOf(state));
		model.addAttribute("items", this.queue.list(operator.tenant(), filter, 500));
		model.addAttribute("state", state);
		return "console/handoffs";
	}

	@GetMapping("/admin/handoffs/{id}")
	String item(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id, Model model) {
		HandoffItem item = this.queue.find(operator.tenant(), id).orElseThrow(() -> new UnknownHandoffException(id));
		model.addAttribute("item", item);
		model.addAttribute("history", this.conversations.history(operator.tenant(), item.conversationId()));
		return "console/handoff";
	}

	@PostMapping("/admin/handoffs/{id}/claim")
	String claim(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			RedirectAttributes redirect) {
		return act(operator, id, "handoff.claim", redirect, () -> this.queue.claim(operator.tenant(), id,
				operator.username()));
	}

	@PostMapping("/admin/handoffs/{id}/reply")
	String reply(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam String message, RedirectAttributes redirect) {
		if (message.isBlank()) {
			redirect.addFlashAttribute("error", "Write a reply first.");
			return "redirect:/admin/handoffs/" + id;
		}
		return act(operator, id, "handoff.reply", redirect,
				() -> this.queue.reply(operator.tenant(), id, operator.username(), message.strip()));
	}

	@PostMapping("/admin/handoffs/{id}/resolve")
	String resolve(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		return act(operator, id, "handoff.resolve", redirect,
				() -> this.queue.resolve(operator.tenant(), id, operator.username(), note.strip()));
	}

	private String act(ConsoleOperator operator, String id, String action, RedirectAttributes redirect,
			java.util.function.Supplier<HandoffItem> transition) {
		HandoffItem before = this.queue.find(operator.tenant(), id).orElseThrow(() -> new UnknownHandoffException(id));
		try {
			HandoffItem after = transition.get();
			this.audit.record(operator, action, "handoff/" + id, before.state().name(), after.state().name());
			redirect.addFlashAttribute("notice", "Done: " + action.substring("handoff.".length()) + ".");
		}
		catch (HandoffTransitionException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/handoffs/" + id;
	}

}
