package dev.tessera.retrieval.ingest;

import java.util.Map;

/**
 * Looks at each chunk as it is ingested and returns facts to keep in its metadata, e.g. that it reads like an
 * instruction aimed at the assistant. Ingestion stays ignorant of what the facts mean: the turn decides what to do
 * with a chunk that carries them. Screening happens once, at ingestion, rather than on every search.
 */
@FunctionalInterface
public interface ChunkScreen {

	/** Metadata key a screen sets on a chunk it holds back from answers. */
	String WITHHELD = "withheld";

	/** Metadata key with the screen's reason. */
	String WITHHELD_REASON = "withheldReason";

	/** @return facts to add to the chunk's metadata (empty when it passes) */
	Map<String, String> screen(String tenant, String collection, String text);

	ChunkScreen NONE = (tenant, collection, text) -> Map.of();

}
