package dev.tessera.retrieval;

/**
 * How a store finds candidates.
 */
public enum SearchMode {

	/** Full-text relevance (BM25 in both stores). */
	LEXICAL,
	/** Nearest embeddings by cosine similarity (HNSW). */
	VECTOR,
	/** Both, fused by reciprocal rank. */
	HYBRID

}
