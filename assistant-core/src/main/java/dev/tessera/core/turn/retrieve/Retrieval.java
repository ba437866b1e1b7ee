package dev.tessera.core.turn.retrieve;

import java.util.List;

import dev.tessera.retrieval.SearchHit;

/**
 * What the retrieve stage found.
 *
 * @param hits passages, best first
 * @param minScore the least score of the best hit for the knowledge to count as support
 */
public record Retrieval(List<SearchHit> hits, double minScore) {

	public Retrieval {
		hits = List.copyOf(hits);
	}

	public static Retrieval none() {
		return new Retrieval(List.of(), 0);
	}

	/** Whether the best passage scores high enough to answer from. */
	public boolean supported() {
		return !this.hits.isEmpty() && this.hits.get(0).score() >= this.minScore;
	}

	public double bestScore() {
		return this.hits.isEmpty() ? 0 : this.hits.get(0).score();
	}

}
