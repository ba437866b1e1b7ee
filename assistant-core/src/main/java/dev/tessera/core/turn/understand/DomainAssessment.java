package dev.tessera.core.turn.understand;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

import dev.tessera.core.assistant.Route;
import dev.tessera.core.turn.RouteProposal;

/**
 * What a pack's {@link DomainAssessor} made of a turn.
 *
 * @param assessor the assessor's name
 * @param outcome a short label for the trail, e.g. {@code EMERGENCY} or {@code follow-up}
 * @param reasons why, each in words a reviewer understands, the decisive one first
 * @param route the route the assessment decides; empty leaves the route to the router's other signals
 * @param reply the reply that goes with a decided route; empty for the route's template
 * @param preface text the reply opens with when the assessment leaves the route to the router (e.g. how urgently to
 * seek care); empty for none
 * @param searchText what to search the knowledge for instead of the message (e.g. the whole description gathered
 * over follow-up questions); empty to search for the message
 */
public record DomainAssessment(String assessor, String outcome, List<String> reasons, Optional<Route> route,
		String reply, String preface, String searchText) {

	public DomainAssessment {
		Objects.requireNonNull(assessor, "assessor cannot be null");
		Objects.requireNonNull(outcome, "outcome cannot be null");
		reasons = List.copyOf(reasons);
		Objects.requireNonNull(route, "route cannot be null");
		reply = reply == null ? "" : reply;
		preface = preface == null ? "" : preface;
		searchText = searchText == null ? "" : searchText;
	}

	/** An assessment that decides the route, with its own reply. */
	public static DomainAssessment decide(String assessor, String outcome, List<String> reasons, Route route,
			String reply) {
		return new DomainAssessment(assessor, outcome, reasons, Optional.of(route), reply, "", "");
	}

	/** An assessment that leaves the route to the router, optionally opening the reply and restating the search. */
	public static DomainAssessment proceed(String assessor, String outcome, List<String> reasons, String preface,
			String searchText) {
		return new DomainAssessment(assessor, outcome, reasons, Optional.empty(), "", preface, searchText);
	}

	/** The route this assessment proposes, when it decides one. */
	public Optional<RouteProposal> proposal() {
		return this.route.map(decided -> new RouteProposal(RouteProposal.Source.ASSESSOR, decided, describe(),
				decided == Route.ESCALATE_LLM ? "" : this.reply, false));
	}

	/** The reasons as one sentence for the trail. */
	public String describe() {
		return "assessor '" + this.assessor + "' (" + this.outcome + ")"
				+ (this.reasons.isEmpty() ? "" : ": " + String.join("; ", this.reasons));
	}

}
