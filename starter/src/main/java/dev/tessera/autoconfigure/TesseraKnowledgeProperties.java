package dev.tessera.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;

import dev.tessera.retrieval.chunk.StructureAwareChunker;

/**
 * Where knowledge lives and how documents become chunks, under {@code tessera.knowledge.*}.
 */
@ConfigurationProperties(TesseraKnowledgeProperties.CONFIG_PREFIX)
public class TesseraKnowledgeProperties {

	public static final String CONFIG_PREFIX = "tessera.knowledge";

	public enum StoreType {

		/** Apache Lucene under {@code <data-dir>/knowledge}; uploaded bytes as files beside it. */
		EMBEDDED,
		/** PostgreSQL with pgvector, on the application's data source; uploaded bytes in a table. */
		POSTGRES

	}

	/**
	 * The knowledge store: embedded (Lucene on local disk) or postgres (pgvector and full-text search).
	 */
	private StoreType store = StoreType.EMBEDDED;

	/**
	 * HNSW candidates explored per vector search (Lucene's k, pgvector's ef_search); more is slower and more exact.
	 */
	private int searchWidth = 40;

	/**
	 * PostgreSQL store: parallel workers for a bulk load's HNSW build, besides the load's own session (which builds
	 * too); default one fewer than this machine's cores, at least 1. With a database server of its own, set one fewer
	 * than its cores.
	 */
	private Integer bulkBuildWorkers;

	/**
	 * PostgreSQL store: chunks a full-text search expects to score at most, taken from the query's rarest words; more
	 * is slower (about 2 microseconds a chunk) and finds more chunks that share several commoner words with a query.
	 */
	private int textCandidates = 500;

	private final Chunking chunking = new Chunking();

	private final Ingestion ingestion = new Ingestion();

	public StoreType getStore() {
		return this.store;
	}

	public void setStore(StoreType store) {
		this.store = store;
	}

	public int getSearchWidth() {
		return this.searchWidth;
	}

	public void setSearchWidth(int searchWidth) {
		this.searchWidth = searchWidth;
	}

	public Integer getBulkBuildWorkers() {
		return this.bulkBuildWorkers;
	}

	public void setBulkBuildWorkers(Integer bulkBuildWorkers) {
		this.bulkBuildWorkers = bulkBuildWorkers;
	}

	public int getTextCandidates() {
		return this.textCandidates;
	}

	public void setTextCandidates(int textCandidates) {
		this.textCandidates = textCandidates;
	}

	public Chunking getChunking() {
		return this.chunking;
	}

	public Ingestion getIngestion() {
		return this.ingestion;
	}

	public static class Chunking {

		/**
		 * Most tokens (of the encoder's tokenizer) in one chunk.
		 */
		private int maxTokens = StructureAwareChunker.DEFAULT_MAX_TOKENS;

		/**
		 * Tokens repeated from the end of a chunk at the start of the next when a section is split.
		 */
		private int overlapTokens = StructureAwareChunker.DEFAULT_OVERLAP_TOKENS;

		public int getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(int maxTokens) {
			this.maxTokens = maxTokens;
		}

		public int getOverlapTokens() {
			return this.overlapTokens;
		}

		public void setOverlapTokens(int overlapTokens) {
			this.overlapTokens = overlapTokens;
		}

	}

	public static class Ingestion {

		/**
		 * Largest document accepted, in bytes.
		 */
		private long maxDocumentBytes = 20L * 1024 * 1024;

		/**
		 * Most characters of text a document may expand to (guards against decompression bombs).
		 */
		private int maxDocumentChars = 5_000_000;

		/**
		 * Ingestion jobs allowed to wait behind the running one; more are refused as busy.
		 */
		private int maxQueuedJobs = 16;

		/**
		 * A job of at least this many documents (an upload or a re-index) is loaded in bulk: its documents become
		 * searchable together when it ends, and on the postgres store the collection's indexes are built once instead
		 * of kept up row by row. Fewer documents are each searchable as soon as they are stored.
		 */
		private int bulkMinDocuments = 50;

		public int getBulkMinDocuments() {
			return this.bulkMinDocuments;
		}

		public void setBulkMinDocuments(int bulkMinDocuments) {
			this.bulkMinDocuments = bulkMinDocuments;
		}

		/**
		 * Prompt-injection score from which an uploaded chunk is held back from answers (above 1: no screening).
		 */
		private double injectionThreshold = 0.9;

		public double getInjectionThreshold() {
			return this.injectionThreshold;
		}

		public void setInjectionThreshold(double injectionThreshold) {
			this.injectionThreshold = injectionThreshold;
		}

		public long getMaxDocumentBytes() {
			return this.maxDocumentBytes;
		}

		public void setMaxDocumentBytes(long maxDocumentBytes) {
			this.maxDocumentBytes = maxDocumentBytes;
		}

		public int getMaxDocumentChars() {
			return this.maxDocumentChars;
		}

		public void setMaxDocumentChars(int maxDocumentChars) {
			this.maxDocumentChars = maxDocumentChars;
		}

		public int getMaxQueuedJobs() {
			return this.maxQueuedJobs;
		}

		public void setMaxQueuedJobs(int maxQueuedJobs) {
			this.maxQueuedJobs = maxQueuedJobs;
		}

	}

}
