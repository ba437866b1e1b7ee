package dev.tessera.domains.contract.review.console;

import java.io.IOException;
import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import dev.tessera.admin.ConsoleAudit;
import dev.tessera.admin.ConsoleController;
import dev.tessera.admin.ConsoleOperator;
import dev.tessera.domains.contract.RiskReportMarkdown;
import dev.tessera.retrieval.ingest.RejectedDocumentException;
import dev.tessera.domains.contract.review.ContractReview;
import dev.tessera.domains.contract.review.ContractReviewService;
import dev.tessera.domains.contract.review.ReviewDecision;
import dev.tessera.domains.contract.review.ReviewState;
import dev.tessera.domains.contract.review.ReviewTransitionException;

/**
 * Contract reviews for reviewers, as pages of the console (a {@code ConsolePage} of the contract-review plug-in):
 * upload a contract, read its risk report, comment, and decide (approve or request changes). The same service and
 * transitions as the contract-review API; decisions and comments are audited.
 */
@ConsoleController
public class ReviewPagesController {

	private final ObjectProvider<ContractReviewService> service;

	private final ConsoleAudit audit;

	public ReviewPagesController(ObjectProvider<ContractReviewService> service, ConsoleAudit audit) {
		this.service = service;
		this.audit = audit;
	}

	private ContractReviewService service() {
		ContractReviewService reviews = this.service.getIfAvailable();
		if (reviews == null) {
			throw new IllegalArgumentException("contract review is not configured on this server");
		}
		return reviews;
	}

	@GetMapping("/admin/reviews")
	String list(@ModelAttribute("operator") ConsoleOperator operator, @RequestParam(defaultValue = "ALL") String state,
			Model model) {
		Optional<ReviewState> filter = state.equals("ALL") ? Optional.empty() : Optional.of(ReviewState.valueOf(state));
		model.addAttribute("reviews", service().reviews().list(operator.tenant(), filter, 200));
		model.addAttribute("state", state);
		return "console/reviews";
	}

	@PostMapping("/admin/reviews")
	String upload(@ModelAttribute("operator") ConsoleOperator operator, @RequestParam("file") MultipartFile file,
			RedirectAttributes redirect) throws IOException {
		if (file.isEmpty()) {
			redirect.addFlashAttribute("error", "Choose a contract to upload.");
			return "redirect:/admin/reviews";
		}
		try {
			ContractReview review = service().submit(operator.tenant(), operator.username(),
					file.getOriginalFilename(), file.getBytes());
			return "redirect:/admin/reviews/" + review.id();
		}
		catch (RejectedDocumentException | RuntimeException ex) {
			redirect.addFlashAttribute("error", "The contract was not accepted: " + ex.getMessage());
			return "redirect:/admin/reviews";
		}
	}

	@GetMapping("/admin/reviews/{id}")
	String review(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id, Model model) {
		ContractReview review = find(operator, id);
		model.addAttribute("review", review);
		model.addAttribute("comments", service().reviews().comments(operator.tenant(), id));
		if (review.reportJson() != null) {
			String html = RiskReportMarkdown.html(service().report(operator.tenant(), id));
			// the report's body only: the renderer escapes all HTML that came from the contract
			model.addAttribute("reportHtml", html.substring(html.indexOf("<body>") + 6, html.lastIndexOf("</body>")));
		}
		return "console/review";
	}

	@PostMapping("/admin/reviews/{id}/decision")
	String decide(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam ReviewDecision decision, @RequestParam(defaultValue = "") String comment,
			RedirectAttributes redirect) {
		ContractReview before = find(operator, id);
		try {
			ContractReview after = service().reviews()
				.decide(operator.tenant(), id, decision, operator.username(), comment);
			this.audit.record(operator, "contract-review.decide", "contract-review/" + id, before.state().name(),
					after.state().name() + (comment.isBlank() ? "" : ": " + comment));
			redirect.addFlashAttribute("notice", "Decision recorded: " + after.state() + ".");
		}
		catch (ReviewTransitionException | IllegalArgumentException ex) {
			redirect.addFlashAttribute("error", ex.getMessage());
		}
		return "redirect:/admin/reviews/" + id;
	}

	@PostMapping("/admin/reviews/{id}/comments")
	String comment(@ModelAttribute("operator") ConsoleOperator operator, @PathVariable String id,
			@RequestParam(defaultValue = "") String clause, @RequestParam String text, RedirectAttributes redirect) {
		find(operator, id);
		if (text.isBlank()) {
			redirect.addFlashAttribute("error", "Write a comment first.");
			return "redirect:/admin/reviews/" + id;
		}
		service().reviews().comment(operator.tenant(), id, operator.username(), clause.isBlank() ? null : clause,
				text.strip());
		this.audit.record(operator, "contract-review.comment", "contract-review/" + id, null,
				(clause.isBlank() ? "" : "clause " + clause + ": ") + text.strip());
		return "redirect:/admin/reviews/" + id;
	}

	private ContractReview find(ConsoleOperator operator, String id) {
		return service().reviews()
			.find(operator.tenant(), id)
			.orElseThrow(() -> new IllegalArgumentException("there is no contract review " + id));
	}

}
