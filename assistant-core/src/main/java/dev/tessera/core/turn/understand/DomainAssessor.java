package dev.tessera.core.turn.understand;

import java.util.Set;

/**
 * A domain's own judgement of a turn, written in Java outside assistant-core (e.g. triage urgency in the
 * {@code domains} module) and named by a pack, the way rails are:
 *
 * <pre>
 * assessor:
 *   name: triage
 *   settings:
 *     follow-up-reply: "..."
 * </pre>
 *
 * It runs in the understand stage, on the redacted message with the conversation so far, and may decide the route
 * with its own reply (a red flag hands off at once; missing facts are asked for), or leave the route to the router
 * and only open the reply with a preface or restate what to search for. It speaks before the pack's phrase
 * {@code rules}, since it is the domain's own safety logic; input rails that stop a turn still come first.
 * <p>
 * Implementations are Spring beans; the starter offers every {@code DomainAssessor} bean by its {@link #name()}, and
 * a pack naming an unknown assessor, or a setting the assessor does not read, is rejected at load.
 */
public interface DomainAssessor {

	/** Stable name used in packs and in the decision trail, e.g. {@code triage}. */
	String name();

	/** The settings this assessor reads; any other key in a pack is a mistake and stops the pack from loading. */
	default Set<String> settingNames() {
		return Set.of();
	}

	DomainAssessment assess(AssessmentRequest request);

}
