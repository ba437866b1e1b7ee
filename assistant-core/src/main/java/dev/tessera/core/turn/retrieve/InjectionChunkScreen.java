package dev.tessera.core.turn.retrieve;

import java.util.Map;

import dev.tessera.guardrails.Rail;
import dev.tessera.guardrails.RailContext;
import dev.tessera.guardrails.Verdict;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.ingest.ChunkScreen;

/**
 * Holds back uploaded passages that read like instructions aimed at the assistant (indirect prompt injection): the
 * prompt-injection rail runs on every chunk of an upload with its document model, and a chunk it flags is stored
 * with {@link ChunkScreen#WITHHELD} so the turn never quotes it or shows it to a model. The packs' own documents are
 * written by the operator and are not screened. Screening at ingestion costs one encoder pass per chunk, once, instead
 * of one per retrieved passage on every turn.
 */
public final class InjectionChunkScreen implements ChunkScreen {

	private final Rail promptInjection;

	private final double threshold;

	/** @param threshold the rail's score from which a chunk is held back */
	public InjectionChunkScreen(Rail promptInjection, double threshold) {
		this.promptInjection = promptInjection;
		this.threshold = threshold;
	}

	@Override
	public Map<String, String> screen(String tenant, String collection, String text) {
		if (KnowledgeChunk.SHARED_TENANT.equals(tenant)) {
			return Map.of();
		}
		Verdict verdict = this.promptInjection.check(text, new RailContext(collection, RailContext.Direction.DOCUMENT,
				Map.of("threshold", Double.toString(this.threshold))));
		return verdict.detected()
				? Map.of(WITHHELD, this.promptInjection.name(), WITHHELD_REASON,
						"suspected prompt injection: " + verdict.reason())
				: Map.of();
	}

}
