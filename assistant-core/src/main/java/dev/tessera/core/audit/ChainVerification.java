package dev.tessera.core.audit;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of walking the audit chain and recomputing every hash.
 *
 * @param valid whether every record is intact and linked to the one before it
 * @param records how many records were found intact: all of them when valid, those before the break otherwise
 * @param lastHash the last record's hash when valid ({@link AuditHash#GENESIS} for an empty chain): publish it
 * somewhere else to anchor the chain
 * @param firstBrokenRecord the first record, in chain order, that is not intact or not linked; null when valid
 * @param reason why that record is broken; null when valid
 */
public record ChainVerification(boolean valid, long records, @Nullable String lastHash,
		@Nullable BrokenRecord firstBrokenRecord, @Nullable String reason) {

	public static ChainVerification intact(long records, String lastHash) {
		return new ChainVerification(true, records, lastHash, null, null);
	}

	public static ChainVerification broken(long records, BrokenRecord record, String reason) {
		return new ChainVerification(false, records, null, record, reason);
	}

	/**
	 * The record where the chain breaks.
	 *
	 * @param kind {@code turn}, {@code admin}, or {@code chain-head} when the records end before the chain's head
	 * @param id the record's id; null for the head
	 * @param seq the record's position in the chain (for the head, the position it names)
	 */
	public record BrokenRecord(String kind, @Nullable Long id, long seq) {
	}

}
