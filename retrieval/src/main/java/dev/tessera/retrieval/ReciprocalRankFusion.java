package dev.tessera.retrieval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses ranked lists by reciprocal rank (Cormack et al., 2009): a hit's score is the sum over lists of
 * {@code 1 / (k + rank)}. Scale-free, so BM25 and cosine scores need no calibration against each other.
 */
public final class ReciprocalRankFusion {

	/** The constant of the original paper. */
	public static final int DEFAULT_K = 60;

	private ReciprocalRankFusion() {
	}

	public static List<SearchHit> fuse(List<List<SearchHit>> rankings, int k, int topK) {
		Map<String, SearchHit> chunks = new LinkedHashMap<>();
		Map<String, Double> scores = new LinkedHashMap<>();
		for (List<SearchHit> ranking : rankings) {
			for (int rank = 0; rank < ranking.size(); rank++) {
				SearchHit hit = ranking.get(rank);
				String id = hit.chunk().chunkId();
				chunks.putIfAbsent(id, hit);
				scores.merge(id, 1.0 / (k + rank + 1), Double::sum);
			}
		}
		List<SearchHit> fused = new ArrayList<>();
		scores.forEach((id, score) -> fused.add(new SearchHit(chunks.get(id).chunk(), score, "hybrid")));
		fused.sort(Comparator.comparingDouble(SearchHit::score).reversed());
		return fused.size() > topK ? fused.subList(0, topK) : fused;
	}

}
