package dev.tessera.core.turn.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.Optional;

import dev.tessera.core.tool.ToolSlot;
import dev.tessera.core.tool.ToolTurn;
import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.RouteProposal.Source;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.assistant.RoutingPolicy;

/**
 * The router of the {@link RoutingPolicy}: proposes what the small model's own signals call for, and decides by the
 * one {@link RoutePrecedence}. Its proposals, each made when its signal applies:
 * <ul>
 * <li>a task head whose calibrated confidence is below the policy's minimum defers (when heads exist);</li>
 * <li>knowledge that does not support an answer defers;</li>
 * <li>a query more complex than the policy allows defers;</li>
 * <li>always: the assistant answers locally from the knowledge.</li>
 * </ul>
 * "Defers" means the policy's route for that signal: the large model or a person. A generated local answer whose
 * confidence is below the policy's minimum is reconsidered the same way. Input rails, the domain assessor, domain
 * rules, the conversation's triggers and tools propose from their own stages ({@link RoutingSignals#stageProposals}).
 */
public final class DefaultRouter implements Router {

	private final RoutePrecedence precedence;

	public DefaultRouter(boolean largeModelAvailable) {
		this.precedence = new RoutePrecedence(largeModelAvailable);
	}

	@Override
	public List<RouteProposal> propose(RoutingSignals signals) {
		RoutingPolicy policy = signals.assistant().routing();
		List<RouteProposal> proposals = new ArrayList<>();
		// the serving head version's own operating point for the pack's accuracy target, else the pack's fixed minimum
		OptionalDouble fitted = policy.headAccuracyTarget().isPresent()
				? signals.understanding().fittedMinConfidence() : OptionalDouble.empty();
		OptionalDouble minimum = fitted.isPresent() ? fitted : policy.minHeadConfidence();
		if (signals.understanding().intent().isPresent() && minimum.isPresent()
				&& signals.understanding().intentConfidence() < minimum.getAsDouble()) {
			String source = fitted.isPresent() ? String.format(Locale.ROOT,
					" (the head version's operating point for local accuracy %.2f)",
					policy.headAccuracyTarget().getAsDouble()) : "";
			proposals.add(RoutePrecedence.deferral(Source.TASK_HEAD, policy.onLowConfidence(),
					String.format(Locale.ROOT, "task head is unsure: intent %s at %.2f < %.2f%s",
							signals.understanding().intent().get(), signals.understanding().intentConfidence(),
							minimum.getAsDouble(), source),
					false));
		}
		if (!signals.retrieval().supported()) {
			String because = signals.retrieval().hits().isEmpty() ? "no passage in the assistant's knowledge matches"
					: "the best passage is too weak to answer from: " + signals.retrieval().describeSupport();
			proposals.add(RoutePrecedence.deferral(Source.KNOWLEDGE, policy.onUnsupported(), because, true));
		}
		QueryComplexity complexity = signals.complexity();
		if (complexity.exceeds(policy)) {
			proposals.add(RoutePrecedence.deferral(Source.COMPLEXITY, policy.onComplex(),
					String.format(Locale.ROOT,
							"query is too complex to answer from one passage (%d words, max %d; %d questions, max %d)",
							complexity.words(), policy.maxWords(), complexity.questions(), policy.maxQuestions()),
					false));
		}
		proposals.add(new RouteProposal(Source.DEFAULT, Route.ANSWER_LOCAL,
				"knowledge supports an answer: " + signals.retrieval().describeSupport()));
		return proposals;
	}

	@Override
	public RouteDecision decide(List<RouteProposal> proposals, RoutingSignals signals) {
		return this.precedence.decide(proposals, describe(signals, signals.assistant().routing()));
	}

	@Override
	public Optional<RouteProposal> reconsider(RoutingSignals signals, RouteDecision decision,
			double generationConfidence) {
		RoutingPolicy policy = signals.assistant().routing();
		if (decision.route() != Route.ANSWER_LOCAL || policy.minGenerationConfidence().isEmpty()
				|| generationConfidence >= policy.minGenerationConfidence().getAsDouble()) {
			return Optional.empty();
		}
		return Optional.of(RoutePrecedence.deferral(Source.GENERATION, policy.onLowConfidence(),
				String.format(Locale.ROOT, "the local model is unsure of its answer: generation confidence %.2f < %.2f",
						generationConfidence, policy.minGenerationConfidence().getAsDouble()),
				false));
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
