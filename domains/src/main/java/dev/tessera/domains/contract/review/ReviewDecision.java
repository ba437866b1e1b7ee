package dev.tessera.domains.contract.review;

/** A reviewer's decision on an analysed contract. */
public enum ReviewDecision {

	APPROVED, CHANGES_REQUESTED;

	ReviewState state() {
		return ReviewState.valueOf(name());
	}

}
