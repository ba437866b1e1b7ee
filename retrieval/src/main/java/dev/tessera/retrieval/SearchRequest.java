package dev.tessera.retrieval;

/**
 * A search in one collection.
 *
 * @param collection the collection to search; hits never come from another collection
 * @param query the user's text
 * @param topK maximum number of hits
 */
public record SearchRequest(String collection, String query, int topK) {

	public SearchRequest {
		if (collection == null || collection.isBlank()) {
			throw new IllegalArgumentException("collection cannot be null or blank");
		}
		if (query == null) {
			throw new IllegalArgumentException("query cannot be null");
		}
		if (topK < 1) {
			throw new IllegalArgumentException("topK must be at least 1, got " + topK);
		}
	}

}
