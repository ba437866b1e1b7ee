package dev.tessera.core.audit;

import java.util.List;

/**
 * One page of audit records, newest first.
 *
 * @param page the page's number, from 0
 * @param size the most records a page holds
 * @param total how many records match the query in all
 */
public record AuditPage(List<AuditEntry> entries, int page, int size, long total) {

	public AuditPage {
		entries = List.copyOf(entries);
		if (page < 0 || size < 1) {
			throw new IllegalArgumentException("page must be >= 0 and size >= 1, got " + page + " and " + size);
		}
	}

}
