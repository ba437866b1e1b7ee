package dev.tessera.core.turn.route;


import dev.tessera.core.assistant.DomainRule;
import dev.tessera.core.turn.Route;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain.AppliedVerdict;

/**
 * Routes in a fixed order of precedence: input-rail outcome, then domain rules, then knowledge support.
 * <ol>
 * <li>an input rail that blocked, handed off or escalated decides;</li>
 * <li>a matching domain rule decides (red flags always win over model signals);</li>
 * <li>knowledge that supports an answer lets the assistant answer locally;</li>
 * <li>otherwise the large model answers when one is configured, else a person.</li>
 * </ol>
 * Escalation needs a large model: without one, every escalation becomes a hand-off, never an error.
 */
public final class DefaultRouter implements Router {

	private final boolean largeModelAvailable;

	public DefaultRouter(boolean largeModelAvailable) {
		this.largeModelAvailable = largeModelAvailable;
	}

	@Override
	public RouteDecision route(RoutingSignals signals) {
		RailAction railOutcome = signals.inputRails().outcome();
		if (railOutcome != RailAction.ALLOW && railOutcome != RailAction.REWRITE) {
			AppliedVerdict decisive = signals.inputRails().verdicts().getLast();
			String because = "input rail '" + decisive.verdict().rail() + "': " + decisive.verdict().reason();
			return switch (railOutcome) {
				case BLOCK -> new RouteDecision(Route.BLOCKED, because, "", false);
				case HANDOFF -> new RouteDecision(Route.HANDOFF_HUMAN, because, "", false);
				default -> escalate(because);
			};
		}
		if (signals.understanding().matchedRule().isPresent()) {
			DomainRule rule = signals.understanding().matchedRule().get();
			String because = "domain rule '" + rule.name() + "' matched \"" + signals.understanding().matchedPhrase()
					+ "\": " + rule.reason();
			return rule.route() == Route.ESCALATE_LLM ? escalate(because)
					: new RouteDecision(rule.route(), because, rule.reply(), false);
		}
		if (signals.retrieval().supported()) {
			return new RouteDecision(Route.ANSWER_LOCAL,
					"knowledge supports an answer: " + signals.retrieval().describeSupport(), "", false);
		}
		String because = signals.retrieval().hits().isEmpty() ? "no passage in the assistant's knowledge matches"
				: "the best passage is too weak to answer from: " + signals.retrieval().describeSupport();
		return escalate(because, true);
	}

	private RouteDecision escalate(String because) {
		return escalate(because, false);
	}

	private RouteDecision escalate(String because, boolean knowledgeGap) {
		if (this.largeModelAvailable) {
			return new RouteDecision(Route.ESCALATE_LLM, because + "; escalated to the large model", "", knowledgeGap);
		}
		return new RouteDecision(Route.HANDOFF_HUMAN, because + "; no large model is configured, so a person decides",
				"", knowledgeGap);
	}

}
