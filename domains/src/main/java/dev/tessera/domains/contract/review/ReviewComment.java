package dev.tessera.domains.contract.review;

import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;

/**
 * A reviewer's comment on a contract review.
 * @param clause the clause number it is about, or null for the contract as a whole
 */
public record ReviewComment(String id, String reviewId, String author, @Nullable String clause, String text,
		OffsetDateTime createdAt) {
}
