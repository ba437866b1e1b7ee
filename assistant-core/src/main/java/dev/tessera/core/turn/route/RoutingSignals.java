package dev.tessera.core.turn.route;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.rails.InputRailsStage;
import dev.tessera.core.turn.dialogue.Dialogue;
import dev.tessera.core.turn.retrieve.Retrieval;
import dev.tessera.core.turn.understand.Understanding;
import dev.tessera.guardrails.RailChain.RailChainResult;

/**
 * Everything the router weighs before a reply is written. Generation confidence only exists after a generative model
 * answered, so it reaches the router through {@link Router#reconsider}.
 *
 * @param assistant the assistant, with its routing policy
 * @param inputRails the input rails' verdicts
 * @param understanding domain rules and task heads (head confidence is absent while no head is trained)
 * @param retrieval the passages found and the support threshold
 * @param complexity how hard the (redacted) message looks
 * @param dialogue the tool turn and the conversation's signals (sentiment, unhelpful turns in a row)
 */
public record RoutingSignals(AssistantDefinition assistant, RailChainResult inputRails, Understanding understanding,
		Retrieval retrieval, QueryComplexity complexity, Dialogue dialogue) {

	/** Signals of a turn without tools or conversation signals. */
	public RoutingSignals(AssistantDefinition assistant, RailChainResult inputRails, Understanding understanding,
			Retrieval retrieval, QueryComplexity complexity) {
		this(assistant, inputRails, understanding, retrieval, complexity, Dialogue.none());
	}

	/**
	 * What the stages before the router proposed, in the order they ran: the input rails, the domain assessor and
	 * domain rules, the conversation and its tool.
	 */
	public List<RouteProposal> stageProposals() {
		List<RouteProposal> proposals = new ArrayList<>(beforeDialogue(this.inputRails, this.understanding));
		proposals.addAll(this.dialogue.proposals());
		return proposals;
	}

	/** What the input rails and the understand stage proposed (what the dialogue stage must not override). */
	public static List<RouteProposal> beforeDialogue(RailChainResult inputRails, Understanding understanding) {
		List<RouteProposal> proposals = new ArrayList<>();
		InputRailsStage.proposal(inputRails).ifPresent(proposals::add);
		proposals.addAll(understanding.proposals());
		return proposals;
	}

	public RoutingSignals {
		Objects.requireNonNull(assistant, "assistant cannot be null");
		Objects.requireNonNull(inputRails, "inputRails cannot be null");
		Objects.requireNonNull(understanding, "understanding cannot be null");
		Objects.requireNonNull(retrieval, "retrieval cannot be null");
		Objects.requireNonNull(complexity, "complexity cannot be null");
		Objects.requireNonNull(dialogue, "dialogue cannot be null");
	}

}
