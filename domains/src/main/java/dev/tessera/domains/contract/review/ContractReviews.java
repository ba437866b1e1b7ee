package dev.tessera.domains.contract.review;

import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.tessera.domains.contract.RiskLevel;

/**
 * Contract reviews and their comments. Every method a person's request reaches is tenant-scoped: another tenant's
 * review is unknown. The analysis ({@link #markAnalysed}, {@link #markFailed}) runs in the background on a review's
 * id.
 */
public interface ContractReviews {

	/** Stores an uploaded contract's text as a {@link ReviewState#QUEUED} review. */
	ContractReview submit(NewReview review);

	Optional<ContractReview> find(String tenantId, String id);

	/** Reviews in a state (all states when empty), newest first, at most {@code limit}. */
	List<ContractReview> list(String tenantId, Optional<ReviewState> state, int limit);

	/** The contract's text, the report's spans point into. */
	String content(String tenantId, String id);

	/** The ids of every queued review, oldest first (to resume analyses after a restart), in all tenants. */
	List<String> queued();

	/** The tenant of a review, for the background analysis. */
	Optional<String> tenantOf(String id);

	/** {@code QUEUED -> ANALYSED} with the report; returns false when the review was not queued. */
	boolean markAnalysed(String id, RiskLevel overallRisk, String reportJson);

	/** {@code QUEUED -> FAILED} with the reason; returns false when the review was not queued. */
	boolean markFailed(String id, String error);

	/**
	 * {@code ANALYSED -> APPROVED | CHANGES_REQUESTED}, once: any other state is a {@link ReviewTransitionException}.
	 * Asking for changes needs a note saying which.
	 */
	ContractReview decide(String tenantId, String id, ReviewDecision decision, String reviewer, @Nullable String note);

	/** Adds a comment, in any state. */
	ReviewComment comment(String tenantId, String id, String author, @Nullable String clause, String text);

	/** A review's comments, oldest first. */
	List<ReviewComment> comments(String tenantId, String id);

	/**
	 * @param content the contract's text as parsed from the upload
	 * @param sha256 of the uploaded bytes
	 */
	record NewReview(String tenantId, String fileName, String title, String mediaType, String sha256, String content,
			String submittedBy) {
	}

}
