package dev.tessera.core.turn.retrieve;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.tessera.retrieval.SearchHit;

/**
 * What the retrieve stage found, and how strongly it supports an answer.
 *
 * <p>
 * Hits are ranked by reciprocal-rank fusion, whose scores say nothing about how relevant a passage is. Support is
 * judged per passage from the two scores behind the fusion: its BM25 score (shared words) and its cosine similarity
 * to the message (shared meaning). A passage supports an answer when either reaches the assistant's minimum.
 *
 * @param hits passages, best first
 * @param evidence the lexical score and similarity of each hit, by chunk id (absent when a search did not find it)
 * @param minScore the least BM25 score for a passage to count as support
 * @param minSimilarity the least cosine similarity for a passage to count as support
 * @param withheld passages that matched but were held back at ingestion (e.g. suspected prompt injection), never
 * shown to a model or quoted
 */
public record Retrieval(List<SearchHit> hits, Map<String, Evidence> evidence, double minScore, double minSimilarity,
		List<SearchHit> withheld) {

	/**
	 * @param lexicalScore the passage's BM25 score, 0 when the lexical search did not find it
	 * @param similarity the passage's cosine similarity to the message, {@code NaN} when not searched by vector
	 */
	public record Evidence(double lexicalScore, double similarity) {
	}

	public Retrieval {
		hits = List.copyOf(hits);
		evidence = Map.copyOf(evidence);
		withheld = List.copyOf(withheld);
	}

	public Retrieval(List<SearchHit> hits, Map<String, Evidence> evidence, double minScore, double minSimilarity) {
		this(hits, evidence, minScore, minSimilarity, List.of());
	}

	public static Retrieval none() {
		return new Retrieval(List.of(), Map.of(), 0, 1);
	}

	/** Whether the best passage supports an answer. */
	public boolean supported() {
		return !this.hits.isEmpty() && supports(this.hits.get(0));
	}

	/** Whether a passage is strong enough evidence to answer from or cite. */
	public boolean supports(SearchHit hit) {
		Evidence e = evidenceOf(hit);
		return e.lexicalScore() >= this.minScore || !Double.isNaN(e.similarity()) && e.similarity() >= this.minSimilarity;
	}

	/** The best passage's BM25 score (0 when there are no hits). */
	public double bestScore() {
		return this.hits.isEmpty() ? 0 : evidenceOf(this.hits.get(0)).lexicalScore();
	}

	/** The best passage's cosine similarity ({@code NaN} when there are no hits or no vector search). */
	public double bestSimilarity() {
		return this.hits.isEmpty() ? Double.NaN : evidenceOf(this.hits.get(0)).similarity();
	}

	private Evidence evidenceOf(SearchHit hit) {
		return this.evidence.getOrDefault(hit.chunk().chunkId(), new Evidence(0, Double.NaN));
	}

	/** The best passage's scores against the minimums, for the decision trail. */
	public String describeSupport() {
		if (this.hits.isEmpty()) {
			return "no passage in the assistant's knowledge matches";
		}
		String lexical = String.format(Locale.ROOT, "BM25 %.2f (minimum %.2f)", bestScore(), this.minScore);
		return Double.isNaN(bestSimilarity()) ? lexical : lexical
				+ String.format(Locale.ROOT, ", similarity %.2f (minimum %.2f)", bestSimilarity(), this.minSimilarity);
	}

}
