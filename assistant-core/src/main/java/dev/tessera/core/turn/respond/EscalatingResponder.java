package dev.tessera.core.turn.respond;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.escalation.EscalationOutcome;
import dev.tessera.core.escalation.EscalationRequest;
import dev.tessera.core.escalation.Escalator;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;

/**
 * Replies to escalated turns with the large model and leaves every other route to the local responder. When the
 * large model does not answer (none configured, over budget, circuit open, timeout, error, malformed reply) the turn
 * is handed to a person with the assistant's hand-off reply, which says so honestly, and the reason goes to the
 * trail.
 */
public final class EscalatingResponder implements Responder {

	private final Responder local;

	private final Escalator escalator;

	public EscalatingResponder(Responder local, Escalator escalator) {
		this.local = local;
		this.escalator = escalator;
	}

	/** Local routes stream as the local responder does; the large model's answer arrives whole. */
	@Override
	public Reply respond(ReplyRequest request, java.util.function.Consumer<String> tokens) {
		return request.decision().route() != Route.ESCALATE_LLM ? this.local.respond(request, tokens)
				: respond(request);
	}

	@Override
	public Reply respond(ReplyRequest request) {
		if (request.decision().route() != Route.ESCALATE_LLM) {
			return this.local.respond(request);
		}
		AssistantDefinition assistant = request.assistant();
		List<String> passages = request.retrieval().hits().stream().map(hit -> hit.chunk().text()).toList();
		EscalationOutcome outcome = this.escalator.escalate(new EscalationRequest(request.tenantId(), assistant.id(),
				assistant.name(), assistant.description(), request.message(), passages));
		return switch (outcome) {
			case EscalationOutcome.Answered answered -> new Reply(answered.text(), answered.model(),
					request.retrieval().supported() ? GroundedTemplateResponder.citations(request.retrieval())
							: List.of(),
					String.format(Locale.ROOT, "answered by the large model %s (%d tokens, %d attempt(s))",
							answered.model(), answered.tokens(), answered.attempts()),
					Optional.empty(), OptionalDouble.empty());
			case EscalationOutcome.Declined declined -> {
				String because = request.decision().reason() + "; the large model did not answer ("
						+ declined.reason().name().toLowerCase(Locale.ROOT) + ": " + declined.detail()
						+ "), so a person takes over";
				// the hand-off reply is written here, so the user hears at once why a person will answer
				Reply fallback = this.local.respond(request.withDecision(request.decision()
					.rerouted(Route.HANDOFF_HUMAN, because)));
				yield new Reply(fallback.text(), fallback.model(), fallback.citations(),
						"escalation declined (" + declined.reason() + "): " + declined.detail(),
						Optional.of(new RouteProposal(RouteProposal.Source.RESPONDER, Route.HANDOFF_HUMAN, because,
								"", request.decision().knowledgeGap())),
						OptionalDouble.empty());
			}
		};
	}

}
