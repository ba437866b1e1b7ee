package dev.tessera.retrieval;

import java.util.List;

/**
 * Where an assistant's knowledge lives: chunks go in, scored hits come out.
 */
public interface KnowledgeStore {

	/** Adds chunks; a chunk's collection decides who may find it. */
	void add(List<KnowledgeChunk> chunks);

	/** Returns at most {@code request.topK()} hits from {@code request.collection()}, best first. */
	List<SearchHit> search(SearchRequest request);

	/** Number of chunks held for a collection. */
	long count(String collection);

}
