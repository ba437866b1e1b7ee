package dev.tessera.admin.learning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tessera.admin.ConsoleOperator;
import dev.tessera.core.heads.TaskHead;
import dev.tessera.core.heads.TaskHeadService;
import dev.tessera.core.learning.CandidateReviewException;
import dev.tessera.core.learning.CandidateState;
import dev.tessera.core.learning.HeadPromotion;
import dev.tessera.core.learning.LearningCandidate;
import dev.tessera.core.learning.LearningService;
import dev.tessera.core.learning.NothingToLearnException;
import dev.tessera.core.learning.UnknownCandidateException;

/**
 * Learning from escalations: the candidate examples escalated and handed-off turns left, each with what the heads
 * predicted, why it was escalated and the answer that resolved it; a reviewer confirms or corrects each head's label,
 * marks the message out of scope or rejects it. Administrators retrain a head through the promotion gate and see
 * each round's comparison, or roll a promotion back. The service records every decision in the audit trail.
 */
@Controller
class LearningPagesController {

	private final ObjectProvider<LearningService> learning;

	private final ObjectProvider<TaskHeadService> heads;

	LearningPagesController(ObjectProvider<LearningService> learning, ObjectProvider<TaskHeadService> heads) {
		this.learning = learning;
		this.heads = heads;
	}

	@GetMapping("/admin/learning")
	String list(@ModelAttribute("operator") ConsoleOperator operator,
			@RequestParam(defaultValue = "PENDING") String state, Model model) {
		LearningService service = this.learning.getIfAvailable();
		model.addAttribute("state", state);
		model.addAttribute("enabled", service != null);
		if (service == null) {
			model.addAttribute("candidates", List.of());
			model.addAttribute("rounds", List.of());
			return "console/learning";
		}
		Optional<CandidateState> filter = state.equals("ALL") ? Optional.empty()
				: Optional.of(CandidateState.valueOf(state));
		List<LearningCandidate> candidates = service.candidates().list(operator.tenant(), filter, Optional.empty(), 200);
		model.addAttribute("candidates", candidates);
		// each candidate's heads and their labels, for the reviewer's choice
		Map<String, Map<String, List<String>>> labels = new LinkedHashMap<>();
		List<HeadRounds> rounds = new ArrayList<>();
		TaskHeadService headService = this.heads.getIfAvailable();
		for (LearningCandidate c : candidates) {
			labels.computeIfAbsent(c.assistantId(), id -> headLabels(headService, id));
		}
		if (headService != null && (operator.admin() || operator.reviewer())) {
			for (String assistant : labels.keySet()) {
				for (Map.Entry<String, TaskHead> head : headService.heads(assistant).entrySet()) {
					rounds.add(new HeadRounds(assistant, head.getKey(), head.getValue().spec().version(),
							service.promotions(assistant, head.getKey())));
				}
			}
		}
		model.addAttribute("labels", labels);
		model.addAttribute("rounds", rounds);
		return "console/learning";
	}

	@PostMapping("/admin/learning/{id}/review")
	String review(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam String decision, @RequestParam Map<String, String> form,
			@RequestParam(defaultValue = "") String note, RedirectAttributes redirect) {
		Map<String, String> labels = new LinkedHashMap<>();
		form.forEach((name, value) -> {
			if (name.startsWith("label.") && !value.isBlank()) {
				labels.put(name.substring("label.".length()), value);
			}
		});
		try {
			LearningCandidate reviewed = service().review(operator.tenant(), id, operator.username(),
					new LearningService.Review(CandidateState.valueOf(decision), labels, note));
			redirect.addFlashAttribute("notice", "Reviewed: " + reviewed.state() + ".");
		}
		catch (CandidateReviewException | UnknownCandidateException | IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/learning";
	}

	@PostMapping("/admin/learning/heads/{assistantId}/{head}/retrain")
	String retrain(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String assistantId,
			@PathVariable String head, RedirectAttributes redirect) {
		try {
			HeadPromotion round = service().retrain(operator.tenant(), assistantId, head, operator.username());
			redirect.addFlashAttribute(round.state() == HeadPromotion.State.PROMOTED ? "notice" : "error",
					"v" + round.candidateVersion() + " " + round.state().name().toLowerCase(java.util.Locale.ROOT)
							+ ": see the comparison below.");
		}
		catch (NothingToLearnException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/learning";
	}

	@PostMapping("/admin/learning/heads/{assistantId}/{head}/rollback")
	String rollback(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String assistantId,
			@PathVariable String head, RedirectAttributes redirect) {
		try {
			HeadPromotion round = service().rollback(operator.tenant(), assistantId, head, operator.username());
			redirect.addFlashAttribute("notice", "Rolled back to v" + round.servingVersion() + ".");
		}
		catch (NothingToLearnException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/learning";
	}

	private static Map<String, List<String>> headLabels(TaskHeadService heads, String assistantId) {
		Map<String, List<String>> labels = new LinkedHashMap<>();
		if (heads != null) {
			heads.heads(assistantId).forEach((name, head) -> labels.put(name, head.spec().labels()));
		}
		return labels;
	}

	private LearningService service() {
		LearningService service = this.learning.getIfAvailable();
		if (service == null) {
			throw new NothingToLearnException("learning from escalations is off on this server");
		}
		return service;
	}

	/** A head with its retraining rounds, newest first. */
	record HeadRounds(String assistantId, String head, int servingVersion, List<HeadPromotion> rounds) {
	}

}
