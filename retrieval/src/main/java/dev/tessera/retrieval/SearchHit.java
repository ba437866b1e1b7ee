package dev.tessera.retrieval;

/**
 * One search result.
 *
 * @param chunk the matching chunk, with its document and character span for citation
 * @param score the store's relevance score (higher is better; scale depends on the search method)
 * @param method how the hit was found, e.g. {@code bm25}
 */
public record SearchHit(KnowledgeChunk chunk, double score, String method) {
}
