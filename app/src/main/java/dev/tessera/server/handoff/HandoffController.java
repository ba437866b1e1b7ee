package dev.tessera.server.handoff;

import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.tessera.core.audit.AdminAuditLog;
import dev.tessera.core.audit.AuditHash;
import dev.tessera.core.handoff.HandoffItem;
import dev.tessera.core.handoff.HandoffQueue;
import dev.tessera.core.handoff.HandoffState;
import dev.tessera.core.handoff.HandoffTransitionException;
import dev.tessera.core.handoff.UnknownHandoffException;
import dev.tessera.core.audit.AdminActions;
import dev.tessera.server.security.CallerTenant;
import dev.tessera.autoconfigure.web.BadRequestException;
import dev.tessera.server.problem.Problems;

/**
 * Hand-off queue API v1: list and read the turns waiting for a person, claim one, reply into its conversation,
 * resolve it. A transition the item's state does not allow is a 409 problem naming the state.
 * <p>
 * Each transition is recorded in the audit trail ({@code handoff.claim}, {@code handoff.reply},
 * {@code handoff.resolve} on {@code handoff/<id>}) in the transaction that makes it. The actor is the authenticated
 * user; the {@code agent} of the body is who the item is claimed by, as before. A reply's text stays in the
 * conversation; the trail keeps its SHA-256.
 */
@RestController
@RequestMapping("/api/v1/handoffs")
class HandoffController {

	/** Most items one list request returns. */
	static final int MAX_LIMIT = 500;

	private static final int MAX_AGENT_CHARS = 100;

	private static final int MAX_TEXT_CHARS = 4000;

	private final HandoffQueue queue;

	private final AdminAuditLog audit;

	private final CallerTenant caller;

	HandoffController(HandoffQueue queue, AdminAuditLog audit, CallerTenant caller) {
		this.queue = queue;
		this.audit = audit;
		this.caller = caller;
	}

	@GetMapping
	List<HandoffView> list(@RequestParam(required = false) String state,
			@RequestParam(defaultValue = "100") int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new BadRequestException("limit must be within 1.." + MAX_LIMIT + ", got " + limit);
		}
		return this.queue.list(tenant(), state(state), limit).stream().map(HandoffView::of).toList();
	}

	@GetMapping("/{id}")
	HandoffView get(@PathVariable String id) {
		return HandoffView.of(this.queue.find(tenant(), id).orElseThrow(() -> new UnknownHandoffException(id)));
	}

	@PostMapping("/{id}/claim")
	HandoffView claim(@PathVariable String id, @RequestBody Claim body, Principal principal) {
		String agent = agent(body.agent());
		return HandoffView.of(this.audit.recordChange(() -> this.queue.claim(tenant(), id, agent),
				item -> AdminActions.of(tenant(), principal, "handoff.claim", "handoff/" + id,
						AdminActions.state("state", HandoffState.OPEN.name(), "assignee", null), state(item))));
	}

	@PostMapping("/{id}/reply")
	HandoffView reply(@PathVariable String id, @RequestBody AgentReply body, Principal principal) {
		String message = text(body.message(), "message", true);
		String agent = agent(body.agent());
		return HandoffView.of(this.audit.recordChange(() -> this.queue.reply(tenant(), id, agent, message),
				item -> AdminActions.of(tenant(), principal, "handoff.reply", "handoff/" + id, state(item),
						AdminActions.state("state", item.state().name(), "assignee", item.assignee(),
								"conversationId", item.conversationId(), "messageSha256",
								AuditHash.sha256Hex(message.strip())))));
	}

	@PostMapping("/{id}/resolve")
	HandoffView resolve(@PathVariable String id, @RequestBody Resolve body, Principal principal) {
		String agent = agent(body.agent());
		String note = text(body.note(), "note", false);
		return HandoffView.of(this.audit.recordChange(() -> this.queue.resolve(tenant(), id, agent, note),
				item -> AdminActions.of(tenant(), principal, "handoff.resolve", "handoff/" + id,
						AdminActions.state("state", HandoffState.CLAIMED.name(), "assignee", agent),
						AdminActions.state("state", item.state().name(), "assignee", item.assignee(), "resolution",
								item.resolution()))));
	}

	/** An item's state and assignee, as an action's before or after. */
	private static String state(HandoffItem item) {
		return AdminActions.state("state", item.state().name(), "assignee",
				item.assignee().isEmpty() ? null : item.assignee());
	}

	// controller-local handlers take precedence over the application-wide advice, which knows no hand-offs
	@ExceptionHandler(UnknownHandoffException.class)
	ResponseEntity<ProblemDetail> unknown(UnknownHandoffException ex) {
		return problem(Problems.of(HttpStatus.NOT_FOUND, "unknown-handoff", "Unknown hand-off", ex.getMessage()));
	}

	@ExceptionHandler(HandoffTransitionException.class)
	ResponseEntity<ProblemDetail> transition(HandoffTransitionException ex) {
		ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, "handoff-transition", "Hand-off state conflict",
				ex.getMessage());
		problem.setProperty("state", ex.state().name());
		return problem(problem);
	}

	private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
		return ResponseEntity.status(problem.getStatus()).body(problem);
	}

	private static Optional<HandoffState> state(String state) {
		if (state == null || state.isBlank()) {
			return Optional.empty();
		}
		try {
			return Optional.of(HandoffState.valueOf(state.strip().toUpperCase(Locale.ROOT)));
		}
		catch (IllegalArgumentException ex) {
			throw new BadRequestException(
					"state must be one of " + Arrays.toString(HandoffState.values()) + ", got '" + state + "'");
		}
	}

	private static String agent(String agent) {
		if (agent == null || agent.isBlank()) {
			throw new BadRequestException("'agent' is required: who is acting on the hand-off");
		}
		if (agent.strip().length() > MAX_AGENT_CHARS) {
			throw new BadRequestException("'agent' is longer than " + MAX_AGENT_CHARS + " characters");
		}
		return agent.strip();
	}

	private static String text(String text, String field, boolean required) {
		if (text == null || text.isBlank()) {
			if (required) {
				throw new BadRequestException("'" + field + "' is required and cannot be empty");
			}
			return "";
		}
		if (text.codePointCount(0, text.length()) > MAX_TEXT_CHARS) {
			throw new BadRequestException("'" + field + "' is longer than " + MAX_TEXT_CHARS + " characters");
		}
		return text;
	}

	record Claim(String agent) {
	}

	record AgentReply(String agent, String message) {
	}

	record Resolve(String agent, String note) {
	}

	record HandoffView(String id, String conversationId, String assistant, String turnId, String reason,
			String context, String state, String assignee, String resolution, OffsetDateTime createdAt,
			OffsetDateTime updatedAt) {

		static HandoffView of(HandoffItem item) {
			return new HandoffView(item.id(), item.conversationId(), item.assistantId(), item.turnId(), item.reason(),
					item.context(), item.state().name(), item.assignee().isEmpty() ? null : item.assignee(),
					item.resolution().isEmpty() ? null : item.resolution(), item.createdAt(), item.updatedAt());
		}

	}

	/** The caller's tenant: everything here is scoped to it. */
	private String tenant() {
		return this.caller.tenant();
	}

}
