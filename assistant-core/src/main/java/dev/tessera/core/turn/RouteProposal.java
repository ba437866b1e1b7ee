package dev.tessera.core.turn;

import java.util.Locale;
import java.util.Objects;
import dev.tessera.core.assistant.Route;

/**
 * What one stage of a turn asks the route to be, and why. Stages only propose; the one decision step
 * ({@code dev.tessera.core.turn.route.RoutePrecedence}) picks among every proposal of the turn by the precedence of
 * their {@link Source}, and the trail and audit record keep them all.
 *
 * @param source the stage that proposes (its place in the precedence)
 * @param route the route it asks for; {@link Route#ESCALATE_LLM} becomes a hand-off when no large model is configured
 * @param reason why, in words a reviewer understands
 * @param reply a reply that goes with the route (e.g. a domain rule's own reply), or empty for the route's template
 * @param knowledgeGap whether the proposal comes from knowledge that cannot support an answer
 */
public record RouteProposal(Source source, Route route, String reason, String reply, boolean knowledgeGap) {

	/**
	 * Where a proposal comes from, in order of precedence: what is learned about the reply once it is written outranks
	 * what was read before writing it, and among the signals read before it, safety comes first (rails, the domain's
	 * own judgement, its rules, a person asked for), then the conversation's tools, then the small model's own
	 * doubts.
	 */
	public enum Source {

		/** An output rail withdrew the reply (or every sentence of it). */
		OUTPUT_RAILS,
		/** The responder could not follow the route (the large model did not answer). */
		RESPONDER,
		/** The local model answered but is unsure of its answer. */
		GENERATION,
		/** An input rail blocked the message, or sent it to a person or the large model. */
		INPUT_RAILS,
		/** The pack's domain assessor decided (e.g. a triage emergency, a follow-up question). */
		ASSESSOR,
		/** A domain rule matched (red flags win over every model signal). */
		DOMAIN_RULE,
		/** The conversation calls for a person: an upset complaint, too many unhelpful turns. */
		CONVERSATION,
		/** A tool answered, needs a detail, or failed. */
		TOOL,
		/** A task head is unsure of the intent. */
		TASK_HEAD,
		/** The knowledge does not support an answer. */
		KNOWLEDGE,
		/** The query is more complex than the routing policy lets the small model answer. */
		COMPLEXITY,
		/** Nothing else spoke: the small model answers from the knowledge. */
		DEFAULT;

		/** The name used in the trail and the audit record, e.g. {@code input-rails}. */
		public String label() {
			return name().toLowerCase(Locale.ROOT).replace('_', '-');
		}

	}

	public RouteProposal {
		Objects.requireNonNull(source, "source cannot be null");
		Objects.requireNonNull(route, "route cannot be null");
		Objects.requireNonNull(reason, "reason cannot be null");
		reply = reply == null ? "" : reply;
	}

	public RouteProposal(Source source, Route route, String reason) {
		this(source, route, reason, "", false);
	}

	/** Whether any of these proposals comes from a source that outranks {@code source}. */
	public static boolean anyOutranks(java.util.Collection<RouteProposal> proposals, Source source) {
		return proposals.stream().anyMatch(proposal -> proposal.source().ordinal() < source.ordinal());
	}

	/** The proposal as one line of the trail, e.g. {@code input-rails -> BLOCKED: input rail 'injection': ...}. */
	public String describe() {
		return this.source.label() + " -> " + this.route + ": " + this.reason;
	}

}
