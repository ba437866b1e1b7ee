package dev.tessera.core.turn.retrieve;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.ai.embedding.EmbeddingModel;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.turn.Turn;
import dev.tessera.inference.encoder.EmbeddingMemo;
import dev.tessera.inference.encoder.LocalEmbeddingModel;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ReciprocalRankFusion;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchMode;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.ingest.ChunkScreen;

/**
 * Searches the assistant's collection in a {@link KnowledgeStore}: hybrid (BM25 and vectors fused by reciprocal
 * rank) when an embedding model is at hand, lexical otherwise. The two rankings are fetched separately rather than
 * through the store's hybrid mode because the router needs each passage's BM25 score and similarity, which fusion
 * throws away.
 */
public final class StoreKnowledgeRetriever implements KnowledgeRetriever {

	/** Candidates per ranking before fusion, per hit wanted. */
	private static final int CANDIDATES_PER_HIT = 5;

	/** Extra lexical hits fetched so that withheld passages do not leave the answer short. */
	private static final int WITHHELD_ALLOWANCE = 5;

	private final KnowledgeStore store;

	private final EmbeddingModel embeddings;

	/** @param embeddings the encoder for the message, or {@code null} for lexical search only */
	public StoreKnowledgeRetriever(KnowledgeStore store, EmbeddingModel embeddings) {
		this.store = store;
		this.embeddings = embeddings != null && store.supportsVectors() ? embeddings : null;
	}

	@Override
	public Retrieval retrieve(AssistantDefinition assistant, String tenant, String message) {
		return retrieve(assistant, tenant, message, new EmbeddingMemo());
	}

	@Override
	public Retrieval retrieve(Turn turn, String message) {
		return retrieve(turn.assistant(), turn.request().tenantId(), message, turn.embeddings());
	}

	private Retrieval retrieve(AssistantDefinition assistant, String tenant, String message,
			EmbeddingMemo turnVectors) {
		AssistantDefinition.RetrievalSettings settings = assistant.retrieval();
		Map<String, Retrieval.Evidence> evidence = new HashMap<>();
		List<SearchHit> withheld = new ArrayList<>();
		if (this.embeddings == null) {
			List<SearchHit> hits = usable(this.store.search(SearchRequest.lexical(tenant, assistant.collection(),
					message, settings.topK() + WITHHELD_ALLOWANCE)), withheld);
			hits = hits.subList(0, Math.min(hits.size(), settings.topK()));
			hits.forEach(hit -> evidence.put(hit.chunk().chunkId(), new Retrieval.Evidence(hit.score(), Double.NaN)));
			return new Retrieval(hits, evidence, settings.minScore(), settings.minSimilarity(), withheld);
		}
		int candidates = settings.topK() * CANDIDATES_PER_HIT;
		// the in-JVM encoder through the turn's vectors (the rails and the head embedded the message already); a
		// remote embedding model is asked itself
		float[] vector = this.embeddings instanceof LocalEmbeddingModel local
				? turnVectors.embed(local.encoder(), List.of(message)).getFirst() : this.embeddings.embed(message);
		List<SearchHit> lexical = usable(this.store.search(new SearchRequest(tenant, assistant.collection(), message,
				null, candidates, SearchMode.LEXICAL, Map.of())), withheld);
		List<SearchHit> similar = usable(this.store.search(new SearchRequest(tenant, assistant.collection(), message,
				vector, candidates, SearchMode.VECTOR, Map.of())), withheld);
		for (SearchHit hit : similar) {
			evidence.put(hit.chunk().chunkId(), new Retrieval.Evidence(0, hit.score()));
		}
		for (SearchHit hit : lexical) {
			evidence.merge(hit.chunk().chunkId(), new Retrieval.Evidence(hit.score(), Double.NaN),
					(v, l) -> new Retrieval.Evidence(l.lexicalScore(), v.similarity()));
		}
		List<SearchHit> fused = ReciprocalRankFusion.fuse(List.of(lexical, similar), ReciprocalRankFusion.DEFAULT_K,
				settings.topK());
		return new Retrieval(fused, evidence, settings.minScore(), settings.minSimilarity(), withheld);
	}

	/** The hits that may be used; the ones ingestion held back go to {@code withheld} (once each). */
	private static List<SearchHit> usable(List<SearchHit> hits, List<SearchHit> withheld) {
		List<SearchHit> usable = new ArrayList<>(hits.size());
		for (SearchHit hit : hits) {
			if (hit.chunk().metadata().containsKey(ChunkScreen.WITHHELD)) {
				if (withheld.stream().noneMatch(w -> w.chunk().chunkId().equals(hit.chunk().chunkId()))) {
					withheld.add(hit);
				}
			}
			else {
				usable.add(hit);
			}
		}
		return usable;
	}

}
