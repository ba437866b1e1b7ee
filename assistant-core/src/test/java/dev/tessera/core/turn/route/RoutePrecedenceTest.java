package dev.tessera.core.turn.route;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;
import dev.tessera.core.turn.RouteProposal.Source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutePrecedenceTest {

	private final RoutePrecedence withLargeModel = new RoutePrecedence(true);

	private final RoutePrecedence withoutLargeModel = new RoutePrecedence(false);

	private static RouteProposal proposal(Source source, Route route) {
		return new RouteProposal(source, route, source.label() + " says " + route);
	}

	@Test
	void the_source_first_in_the_precedence_wins_whatever_the_order_the_proposals_were_made_in() {
		List<RouteProposal> proposals = new ArrayList<>();
		for (Source source : Source.values()) {
			proposals.add(proposal(source, source.ordinal() % 2 == 0 ? Route.HANDOFF_HUMAN : Route.ANSWER_LOCAL));
		}
		for (int shuffle = 0; shuffle < 5; shuffle++) {
			Collections.shuffle(proposals, new java.util.Random(shuffle));
			for (Source best : Source.values()) {
				// every source from this one down the precedence proposed, in shuffled order
				List<RouteProposal> considered = proposals.stream()
					.filter(p -> p.source().ordinal() >= best.ordinal())
					.toList();

				RouteDecision decision = this.withLargeModel.decide(considered, List.of());

				assertThat(decision.decidedBy()).isEqualTo(best);
				assertThat(decision.reason()).isEqualTo(best.label() + " says " + decision.route());
				assertThat(decision.proposals()).hasSameSizeAs(considered);
			}
		}
	}

	@Test
	void among_proposals_of_one_source_the_first_made_wins() {
		RouteDecision decision = this.withLargeModel.decide(List.of(
				new RouteProposal(Source.CONVERSATION, Route.HANDOFF_HUMAN, "upset"),
				new RouteProposal(Source.CONVERSATION, Route.HANDOFF_HUMAN, "too many failures"),
				proposal(Source.DEFAULT, Route.ANSWER_LOCAL)), List.of());

		assertThat(decision.reason()).isEqualTo("upset");
	}

	@Test
	void an_escalation_needs_a_large_model_and_becomes_a_hand_off_without_one() {
		List<RouteProposal> proposals = List.of(
				new RouteProposal(Source.KNOWLEDGE, Route.ESCALATE_LLM, "no passage matches", "", true),
				proposal(Source.DEFAULT, Route.ANSWER_LOCAL));

		RouteDecision escalated = this.withLargeModel.decide(proposals, List.of());
		RouteDecision handedOff = this.withoutLargeModel.decide(proposals, List.of());

		assertThat(escalated.route()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(escalated.reason()).isEqualTo("no passage matches; escalated to the large model");
		assertThat(escalated.knowledgeGap()).isTrue();
		assertThat(handedOff.route()).isEqualTo(Route.HANDOFF_HUMAN);
		assertThat(handedOff.reason()).isEqualTo("no passage matches; no large model is configured, so a person decides");
	}

	@Test
	void what_is_learned_about_the_reply_outranks_what_was_read_before_it() {
		List<RouteProposal> before = Arrays.asList(proposal(Source.INPUT_RAILS, Route.ESCALATE_LLM),
				proposal(Source.DEFAULT, Route.ANSWER_LOCAL));
		List<RouteProposal> declined = new ArrayList<>(before);
		declined.add(proposal(Source.RESPONDER, Route.HANDOFF_HUMAN));
		List<RouteProposal> withdrawn = new ArrayList<>(declined);
		withdrawn.add(new RouteProposal(Source.OUTPUT_RAILS, Route.BLOCKED, "withdrawn", "blocked reply", false));

		assertThat(this.withLargeModel.decide(before, List.of()).route()).isEqualTo(Route.ESCALATE_LLM);
		assertThat(this.withLargeModel.decide(declined, List.of()).decidedBy()).isEqualTo(Source.RESPONDER);
		RouteDecision last = this.withLargeModel.decide(withdrawn, List.of());
		assertThat(last.route()).isEqualTo(Route.BLOCKED);
		assertThat(last.reply()).isEqualTo("blocked reply");
		assertThat(last.describe()).contains("decided by output-rails among 4 proposal(s)")
			.contains("input-rails -> ESCALATE_LLM")
			.contains("responder -> HANDOFF_HUMAN");
	}

	@Test
	void a_policy_deferral_to_a_person_says_the_policy_sent_it() {
		assertThat(RoutePrecedence.deferral(Source.TASK_HEAD, Route.HANDOFF_HUMAN, "unsure", false).reason())
			.isEqualTo("unsure; the routing policy sends this to a person");
		assertThat(RoutePrecedence.deferral(Source.TASK_HEAD, Route.ESCALATE_LLM, "unsure", false).reason())
			.isEqualTo("unsure");
	}

	@Test
	void no_decision_without_a_proposal() {
		assertThatThrownBy(() -> this.withLargeModel.decide(List.of(), List.of()))
			.isInstanceOf(IllegalArgumentException.class);
	}

}
