package dev.tessera.domains.contract.review;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

import dev.tessera.domains.contract.RiskLevel;

/**
 * A contract under review, without its text (read that with {@link ContractReviews#content}).
 *
 * @param sha256 of the uploaded bytes
 * @param overallRisk the report's overall risk, once analysed
 * @param reportJson the risk report as JSON, once analysed
 * @param error why the analysis failed, when it did
 * @param submittedBy who uploaded it
 * @param decidedBy who approved it or asked for changes
 * @param decisionNote the reviewer's comment with the decision
 */
public record ContractReview(String id, String tenantId, String fileName, String title, String mediaType,
		String sha256, ReviewState state, @Nullable RiskLevel overallRisk, @Nullable String reportJson,
		@Nullable String error, String submittedBy, @Nullable String decidedBy, @Nullable String decisionNote,
		OffsetDateTime createdAt, @Nullable OffsetDateTime analysedAt, @Nullable OffsetDateTime decidedAt,
		OffsetDateTime updatedAt) {
}
