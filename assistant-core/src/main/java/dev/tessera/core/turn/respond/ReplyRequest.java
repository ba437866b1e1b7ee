package dev.tessera.core.turn.respond;

import java.util.Objects;
import java.util.Optional;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.route.RouteDecision;

/**
 * What a responder needs to write a reply.
 *
 * @param assistant the assistant answering
 * @param tenantId the tenant of the conversation (whose escalation budget pays)
 * @param message the user's message after input rails (redacted)
 * @param decision the route decision
 * @param retrieval the passages found
 * @param tool the tool called this turn, or the slots it still needs; empty when no tool applies
 * @param generate whether a generative model may write a local answer; false asks for the grounded template (after
 * the output rails removed most of a generated one)
 */
public record ReplyRequest(AssistantDefinition assistant, String tenantId, String message, RouteDecision decision,
		Retrieval retrieval, Optional<ToolTurn> tool, boolean generate) {

	public ReplyRequest(AssistantDefinition assistant, String tenantId, String message, RouteDecision decision,
			Retrieval retrieval) {
		this(assistant, tenantId, message, decision, retrieval, Optional.empty(), true);
	}

	public ReplyRequest(AssistantDefinition assistant, String tenantId, String message, RouteDecision decision,
			Retrieval retrieval, Optional<ToolTurn> tool) {
		this(assistant, tenantId, message, decision, retrieval, tool, true);
	}

	public ReplyRequest {
		Objects.requireNonNull(assistant, "assistant cannot be null");
		Objects.requireNonNull(tenantId, "tenantId cannot be null");
		Objects.requireNonNull(message, "message cannot be null");
		Objects.requireNonNull(decision, "decision cannot be null");
		Objects.requireNonNull(retrieval, "retrieval cannot be null");
		Objects.requireNonNull(tool, "tool cannot be null");
	}

	public ReplyRequest withDecision(RouteDecision newDecision) {
		return new ReplyRequest(this.assistant, this.tenantId, this.message, newDecision, this.retrieval, this.tool,
				this.generate);
	}

	/** The same request answered by the grounded template, not a generative model. */
	public ReplyRequest withoutGeneration() {
		return new ReplyRequest(this.assistant, this.tenantId, this.message, this.decision, this.retrieval, this.tool,
				false);
	}

}
