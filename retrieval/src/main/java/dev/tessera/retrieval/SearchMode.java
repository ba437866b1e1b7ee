package dev.tessera.retrieval;

/**
 * How a store finds candidates.
 */
public enum SearchMode {

	/** Full-text relevance (BM25 in Lucene, ts_rank in PostgreSQL). */
	LEXICAL,
	/** Nearest embeddings by cosine similarity (HNSW). */
	VECTOR,
	/** Both, fused by reciprocal rank. */
	HYBRID

}
