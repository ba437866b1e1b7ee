package dev.tessera.retrieval;

import java.util.Map;

/**
 * A search in one collection, for one tenant.
 *
 * @param tenant whose knowledge to search; shared knowledge is always included, other tenants' never
 * @param collection the collection to search
 * @param query the user's text (for lexical search)
 * @param queryVector the query's unit-length embedding (for vector search), or {@code null}
 * @param topK maximum number of hits
 * @param mode lexical, vector or hybrid
 * @param filters metadata that hits must carry (key = value)
 * @param searchWidth HNSW candidates to explore for vector search (Lucene's k, pgvector's ef_search); 0 for the
 * store's default
 */
public record SearchRequest(String tenant, String collection, String query, float[] queryVector, int topK,
		SearchMode mode, Map<String, String> filters, int searchWidth) {

	public SearchRequest(String tenant, String collection, String query, float[] queryVector, int topK,
			SearchMode mode, Map<String, String> filters) {
		this(tenant, collection, query, queryVector, topK, mode, filters, 0);
	}

	public SearchRequest {
		if (tenant == null || tenant.isBlank()) {
			throw new IllegalArgumentException("tenant cannot be null or blank");
		}
		if (collection == null || collection.isBlank()) {
			throw new IllegalArgumentException("collection cannot be null or blank");
		}
		if (query == null) {
			throw new IllegalArgumentException("query cannot be null");
		}
		if (topK < 1) {
			throw new IllegalArgumentException("topK must be at least 1, got " + topK);
		}
		if (mode == null) {
			throw new IllegalArgumentException("mode cannot be null");
		}
		if (mode != SearchMode.LEXICAL && queryVector == null) {
			throw new IllegalArgumentException(mode + " search needs a query vector");
		}
		filters = filters == null ? Map.of() : Map.copyOf(filters);
		if (searchWidth < 0) {
			throw new IllegalArgumentException("searchWidth must be >= 0, got " + searchWidth);
		}
	}

	/** A lexical search without filters. */
	public static SearchRequest lexical(String tenant, String collection, String query, int topK) {
		return new SearchRequest(tenant, collection, query, null, topK, SearchMode.LEXICAL, Map.of());
	}

}
