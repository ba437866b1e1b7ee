package dev.tessera.core.turn.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.tessera.core.assistant.DomainRule;
import dev.tessera.core.tool.ToolSlot;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.turn.Route;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.turn.understand.DomainAssessment;
import dev.tessera.guardrails.RailAction;
import dev.tessera.guardrails.RailChain.AppliedVerdict;

/**
 * Routes by the assistant's {@link RoutingPolicy}, in a fixed order of precedence:
 * <ol>
 * <li>an input rail that blocked, handed off or escalated decides;</li>
 * <li>the pack's domain assessor, when it decides (e.g. a triage red flag hands off at once, missing facts are asked
 * for);</li>
 * <li>a matching domain rule decides (red flags always win over model signals);</li>
 * <li>the pack's {@link HandoffTriggers}: an upset complaint, or too many unhelpful turns in a row, go to a
 * person;</li>
 * <li>a tool turn answers locally: the tool's result, or the question for the slots it still needs unless the
 * query is complex (a tool that failed hands off);</li>
 * <li>a task head whose calibrated confidence is below the policy's minimum defers (when heads exist);</li>
 * <li>knowledge that does not support an answer defers;</li>
 * <li>a query more complex than the policy allows defers;</li>
 * <li>otherwise the assistant answers locally.</li>
 * </ol>
 * "Defers" means the policy's route for that signal: the large model or a person. Escalation needs a large model:
 * without one, every escalation becomes a hand-off, never an error. A generated local answer whose confidence is
 * below the policy's minimum is reconsidered the same way.
 */
public final class DefaultRouter implements Router {

	private final boolean largeModelAvailable;

	public DefaultRouter(boolean largeModelAvailable) {
		this.largeModelAvailable = largeModelAvailable;
	}

	@Override
	public RouteDecision route(RoutingSignals signals) {
		RoutingPolicy policy = signals.assistant().routing();
		List<String> read = describe(signals, policy);
		RailAction railOutcome = signals.inputRails().outcome();
		if (railOutcome != RailAction.ALLOW && railOutcome != RailAction.REWRITE) {
			AppliedVerdict decisive = signals.inputRails().verdicts().getLast();
			String because = "input rail '" + decisive.verdict().rail() + "': " + decisive.verdict().reason();
			return switch (railOutcome) {
				case BLOCK -> new RouteDecision(Route.BLOCKED, because, "", false, read);
				case HANDOFF -> new RouteDecision(Route.HANDOFF_HUMAN, because, "", false, read);
				default -> defer(Route.ESCALATE_LLM, because, false, read);
			};
		}
		Optional<DomainAssessment> assessment = signals.understanding().assessment();
		if (assessment.isPresent() && assessment.get().route().isPresent()) {
			Route decided = assessment.get().route().get();
			String because = assessment.get().describe();
			return decided == Route.ESCALATE_LLM ? defer(Route.ESCALATE_LLM, because, false, read)
					: new RouteDecision(decided, because, assessment.get().reply(), false, read);
		}
		if (signals.understanding().matchedRule().isPresent()) {
			DomainRule rule = signals.understanding().matchedRule().get();
			String because = "domain rule '" + rule.name() + "' matched \"" + signals.understanding().matchedPhrase()
					+ "\": " + rule.reason();
			return rule.route() == Route.ESCALATE_LLM ? defer(Route.ESCALATE_LLM, because, false, read)
					: new RouteDecision(rule.route(), because, rule.reply(), false, read);
		}
		Dialogue dialogue = signals.dialogue();
		HandoffTriggers triggers = signals.assistant().handoffWhen();
		if (triggers.upset(signals.understanding().intentLabel(), dialogue.signals().sentiment())) {
			return new RouteDecision(Route.HANDOFF_HUMAN,
					String.format(Locale.ROOT, "the customer is upset: intent %s with sentiment %.2f (at most %.2f)",
							signals.understanding().intentLabel().get(), dialogue.signals().sentiment(),
							triggers.maxSentiment()),
					"", false, read);
		}
		int failed = dialogue.failedTurnsIncludingThis();
		if (triggers.tooManyFailures(failed)) {
			return new RouteDecision(Route.HANDOFF_HUMAN, failed + " turns in a row did not help (at most "
					+ triggers.maxFailedTurns().getAsInt() + ")" + describeFailures(dialogue), "", false, read);
		}
		QueryComplexity complexity = signals.complexity();
		boolean complex = complexity.words() > policy.maxWords() || complexity.questions() > policy.maxQuestions();
		// a follow-up question suits a short request; a long, many-sided message is routed as any other
		if (dialogue.tool().isPresent() && !(complex && dialogue.tool().get() instanceof ToolTurn.NeedsSlots)) {
			ToolTurn turn = dialogue.tool().get();
			String tool = "tool '" + turn.binding().tool() + "'";
			return switch (turn) {
				case ToolTurn.Called called -> new RouteDecision(Route.ANSWER_LOCAL, tool + " answered: "
						+ called.result().outcome() + " (" + called.result().reason() + ")", "", false, read);
				case ToolTurn.NeedsSlots needs -> new RouteDecision(Route.ANSWER_LOCAL, tool + " needs "
						+ needs.missing().stream().map(ToolSlot::name).toList()
						+ ": asking the user for them rather than guessing", "", false, read);
				case ToolTurn.Failed failedTool -> new RouteDecision(Route.HANDOFF_HUMAN,
						tool + " failed (see the tools step), so a person takes over", "", false, read);
			};
		}
		if (signals.understanding().intent().isPresent() && policy.minHeadConfidence().isPresent()
				&& signals.understanding().intentConfidence() < policy.minHeadConfidence().getAsDouble()) {
			return defer(policy.onLowConfidence(),
					String.format(Locale.ROOT, "task head is unsure: intent %s at %.2f < %.2f",
							signals.understanding().intent().get(), signals.understanding().intentConfidence(),
							policy.minHeadConfidence().getAsDouble()),
					false, read);
		}
		if (!signals.retrieval().supported()) {
			String because = signals.retrieval().hits().isEmpty() ? "no passage in the assistant's knowledge matches"
					: "the best passage is too weak to answer from: " + signals.retrieval().describeSupport();
			return defer(policy.onUnsupported(), because, true, read);
		}
		if (complex) {
			return defer(policy.onComplex(),
					String.format(Locale.ROOT,
							"query is too complex to answer from one passage (%d words, max %d; %d questions, max %d)",
							complexity.words(), policy.maxWords(), complexity.questions(), policy.maxQuestions()),
					false, read);
		}
		return new RouteDecision(Route.ANSWER_LOCAL,
				"knowledge supports an answer: " + signals.retrieval().describeSupport(),
				"", false, read);
	}

	@Override
	public Optional<RouteDecision> reconsider(RoutingSignals signals, RouteDecision decision,
			double generationConfidence) {
		RoutingPolicy policy = signals.assistant().routing();
		if (decision.route() != Route.ANSWER_LOCAL || policy.minGenerationConfidence().isEmpty()
				|| generationConfidence >= policy.minGenerationConfidence().getAsDouble()) {
			return Optional.empty();
		}
		List<String> read = new ArrayList<>(decision.signals());
		read.add(String.format(Locale.ROOT, "generation confidence %.2f", generationConfidence));
		return Optional.of(defer(policy.onLowConfidence(),
				String.format(Locale.ROOT, "the local model is unsure of its answer: generation confidence %.2f < %.2f",
						generationConfidence, policy.minGenerationConfidence().getAsDouble()),
				false, read));
	}

	private RouteDecision defer(Route wanted, String because, boolean knowledgeGap, List<String> read) {
		if (wanted == Route.HANDOFF_HUMAN) {
			return new RouteDecision(Route.HANDOFF_HUMAN, because + "; the routing policy sends this to a person", "",
					knowledgeGap, read);
		}
		if (this.largeModelAvailable) {
			return new RouteDecision(Route.ESCALATE_LLM, because + "; escalated to the large model", "", knowledgeGap,
					read);
		}
		return new RouteDecision(Route.HANDOFF_HUMAN, because + "; no large model is configured, so a person decides",
				"", knowledgeGap, read);
	}

	private static String describeFailures(Dialogue dialogue) {
		List<String> parts = new ArrayList<>();
		if (dialogue.signals().repeated()) {
			parts.add("the message repeats the previous one");
		}
		dialogue.tool().filter(turn -> !turn.helped()).ifPresent(turn -> parts.add(switch (turn) {
			case ToolTurn.Called called -> turn.binding().tool() + ": " + called.result().outcome();
			case ToolTurn.NeedsSlots needs -> turn.binding().tool() + " had to ask again for "
					+ needs.missing().stream().map(ToolSlot::name).toList();
			case ToolTurn.Failed failedTool -> turn.binding().tool() + " failed";
		}));
		return parts.isEmpty() ? "" : ": " + String.join("; ", parts);
	}

	private static List<String> describe(RoutingSignals signals, RoutingPolicy policy) {
		List<String> read = new ArrayList<>();
		read.add("input rails " + signals.inputRails().outcome().name().toLowerCase(Locale.ROOT));
		signals.understanding()
			.assessment()
			.ifPresent(assessment -> read.add("assessor " + assessment.assessor() + " " + assessment.outcome()));
		read.add(signals.understanding()
			.matchedRule()
			.map(rule -> "domain rule " + rule.name())
			.orElse("no domain rule"));
		read.add(signals.understanding()
			.intent()
			.map(intent -> String.format(Locale.ROOT, "head %s %.2f", intent,
					signals.understanding().intentConfidence()))
			.orElse("no task head"));
		read.add("support: " + signals.retrieval().describeSupport());
		read.add(String.format(Locale.ROOT, "complexity %d words, %d questions (max %d, %d)",
				signals.complexity().words(), signals.complexity().questions(), policy.maxWords(),
				policy.maxQuestions()));
		Dialogue dialogue = signals.dialogue();
		if (signals.assistant().handoffWhen().any()) {
			read.add(String.format(Locale.ROOT, "sentiment %.2f, unhelpful turns before this one %d%s",
					dialogue.signals().sentiment(), dialogue.signals().failedTurns(),
					dialogue.signals().repeated() ? " (repeats the previous message)" : ""));
		}
		dialogue.tool().ifPresent(turn -> read.add("tool " + turn.binding().tool() + ": " + switch (turn) {
			case ToolTurn.Called called -> called.result().outcome();
			case ToolTurn.NeedsSlots needs -> "needs " + needs.missing().stream().map(ToolSlot::name).toList();
			case ToolTurn.Failed failedTool -> "failed";
		}));
		return read;
	}

}
