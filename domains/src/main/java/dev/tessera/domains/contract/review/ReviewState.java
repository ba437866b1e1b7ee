package dev.tessera.domains.contract.review;

/**
 * Where a contract review is: {@code QUEUED -> ANALYSED -> APPROVED | CHANGES_REQUESTED}, or {@code QUEUED -> FAILED}
 * when the analysis could not run (the error says why). Only an analysed review can be decided.
 */
public enum ReviewState {

	QUEUED, ANALYSED, FAILED, APPROVED, CHANGES_REQUESTED

}
