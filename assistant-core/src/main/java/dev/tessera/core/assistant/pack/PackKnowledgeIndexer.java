package dev.tessera.core.assistant.pack;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.tessera.core.assistant.AssistantDefinition;
import dev.tessera.core.assistant.InvalidPackException;
import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.StoredDocument;
import dev.tessera.retrieval.ingest.DocumentIngester;
import dev.tessera.retrieval.ingest.IngestionResult;

/**
 * Puts each assistant's pack knowledge into its collection, as shared knowledge that every tenant sees, through the
 * same ingestion as uploads. Run at every start: unchanged documents are skipped by their content hash, changed ones
 * replaced, and documents no longer in the pack removed, so the store follows the pack.
 */
public final class PackKnowledgeIndexer {

	private final DocumentIngester ingester;

	private final KnowledgeStore store;

	public PackKnowledgeIndexer(DocumentIngester ingester, KnowledgeStore store) {
		this.ingester = ingester;
		this.store = store;
	}

	/**
	 * What indexing one assistant's pack did.
	 * @param results one per pack document
	 * @param removed documents dropped from the pack since the last start
	 */
	public record Report(List<IngestionResult> results, List<String> removed) {

		public long count(IngestionResult.Outcome outcome) {
			return this.results.stream().filter(result -> result.outcome() == outcome).count();
		}

		public int chunks() {
			return this.results.stream().mapToInt(IngestionResult::chunks).sum();
		}

	}

	/**
	 * Indexes the assistant's documents.
	 * @throws InvalidPackException when a pack document is rejected: a pack must be fully usable
	 */
	public Report index(AssistantDefinition assistant) {
		String tenant = KnowledgeChunk.SHARED_TENANT;
		Set<String> inPack = new HashSet<>();
		List<IngestionResult> results = new java.util.ArrayList<>();
		for (AssistantDefinition.KnowledgeDocument document : assistant.knowledge()) {
			inPack.add(document.path());
			IngestionResult result = this.ingester.ingest(tenant, assistant.collection(), document.path(),
					document.content().getBytes(StandardCharsets.UTF_8));
			if (result.outcome() == IngestionResult.Outcome.REJECTED) {
				throw new InvalidPackException(assistant.id() + "/" + document.path(), "",
						"the knowledge document was rejected: " + result.message());
			}
			results.add(result);
		}
		List<String> removed = new java.util.ArrayList<>();
		for (StoredDocument stored : this.store.documents(tenant, assistant.collection())) {
			if (!inPack.contains(stored.documentId())) {
				this.ingester.delete(tenant, assistant.collection(), stored.documentId());
				removed.add(stored.documentId());
			}
		}
		return new Report(results, removed);
	}

}
