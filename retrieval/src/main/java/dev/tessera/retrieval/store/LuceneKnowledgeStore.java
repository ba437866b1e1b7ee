package dev.tessera.retrieval.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.queryparser.classic.MultiFieldQueryParser;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.KnnFloatVectorQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.QueryCachingPolicy;
import org.apache.lucene.search.SearcherFactory;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.util.BytesRef;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.ReciprocalRankFusion;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchRequest;
import dev.tessera.retrieval.StoredDocument;

/**
 * The embedded knowledge store: one Apache Lucene index holding BM25 text fields and HNSW vectors (cosine), on local
 * disk or in memory. Lexical scores are BM25 (section headings weigh double: questions usually name the topic a
 * heading names); vector scores are cosine similarities; hybrid scores are reciprocal-rank fusions.
 */
public final class LuceneKnowledgeStore implements KnowledgeStore, AutoCloseable {

	private static final String TENANT = "tenant";

	private static final String COLLECTION = "collection";

	private static final String DOCUMENT_KEY = "documentKey";

	private static final String TEXT = "text";

	private static final String SECTION_TEXT = "sectionText";

	private static final String VECTOR = "vector";

	private static final String META = "meta.";

	/** The whole chunk, serialized, for reading hits back. */
	private static final String PAYLOAD = "chunk";

	private static final QueryCachingPolicy ALWAYS_CACHE = new QueryCachingPolicy() {
		@Override
		public void onUse(Query query) {
		}

		@Override
		public boolean shouldCache(Query query) {
			return true;
		}
	};

	private static final Map<String, Float> FIELD_BOOSTS = Map.of(TEXT, 1.0f, SECTION_TEXT, 2.0f);

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final Directory directory;

	private final IndexWriter writer;

	private final SearcherManager searchers;

	private final int vectorCandidates;

	private LuceneKnowledgeStore(Directory directory, int vectorCandidates) {
		this.directory = directory;
		this.vectorCandidates = vectorCandidates;
		try {
			this.writer = new IndexWriter(directory, new IndexWriterConfig(this.analyzer));
			this.writer.commit();
			this.searchers = new SearcherManager(this.writer, new SearcherFactory() {
				@Override
				public IndexSearcher newSearcher(IndexReader reader, IndexReader previous) {
					IndexSearcher searcher = new IndexSearcher(reader);
					// every search filters by tenant and collection: keep those bitsets cached per segment
					searcher.setQueryCachingPolicy(ALWAYS_CACHE);
					return searcher;
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * An index in a folder; it survives restarts.
	 * @param vectorCandidates HNSW candidates per vector search (Lucene's k); more is slower and more exact
	 */
	public static LuceneKnowledgeStore onDisk(Path folder, int vectorCandidates) {
		try {
			return new LuceneKnowledgeStore(FSDirectory.open(folder), vectorCandidates);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot open the knowledge index at " + folder, ex);
		}
	}

	/** An index in memory, rebuilt at every start (e.g. from packs). */
	public static LuceneKnowledgeStore inMemory() {
		return new LuceneKnowledgeStore(new ByteBuffersDirectory(), 40);
	}

	@Override
	public boolean supportsVectors() {
		return true;
	}

	@Override
	public synchronized void add(List<KnowledgeChunk> chunks) {
		try {
			for (KnowledgeChunk chunk : chunks) {
				this.writer.addDocument(document(chunk));
			}
			this.writer.commit();
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Document document(KnowledgeChunk chunk) {
		Document doc = new Document();
		doc.add(new StringField(TENANT, chunk.tenant(), Field.Store.NO));
		doc.add(new StringField(COLLECTION, chunk.collection(), Field.Store.NO));
		doc.add(new StringField(DOCUMENT_KEY, key(chunk.tenant(), chunk.collection(), chunk.documentId()),
				Field.Store.NO));
		doc.add(new TextField(TEXT, chunk.text(), Field.Store.NO));
		doc.add(new TextField(SECTION_TEXT, chunk.section(), Field.Store.NO));
		chunk.metadata().forEach((k, v) -> doc.add(new StringField(META + k, v, Field.Store.NO)));
		if (chunk.embedding() != null) {
			doc.add(new KnnFloatVectorField(VECTOR, chunk.embedding(), VectorSimilarityFunction.COSINE));
		}
		doc.add(new BinaryDocValuesField(PAYLOAD, new BytesRef(ChunkPayload.write(chunk))));
		return doc;
	}

	private static String key(String tenant, String collection, String documentId) {
		return tenant + "\u0000" + collection + "\u0000" + documentId;
	}

	@Override
	public List<SearchHit> search(SearchRequest request) {
		Query filter = filter(request);
		int candidates = Math.max(request.topK() * 5, 50);
		try {
			return switch (request.mode()) {
				case LEXICAL -> lexical(request, filter, request.topK());
				case VECTOR -> vector(request, filter, request.topK());
				case HYBRID -> ReciprocalRankFusion.fuse(
						List.of(lexical(request, filter, candidates), vector(request, filter, candidates)),
						ReciprocalRankFusion.DEFAULT_K, request.topK());
			};
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The request's collection, its tenant's and shared chunks, and its metadata filters. */
	private static Query filter(SearchRequest request) {
		BooleanQuery.Builder tenants = new BooleanQuery.Builder()
			.add(new TermQuery(new Term(TENANT, request.tenant())), Occur.SHOULD)
			.add(new TermQuery(new Term(TENANT, KnowledgeChunk.SHARED_TENANT)), Occur.SHOULD)
			.setMinimumNumberShouldMatch(1);
		BooleanQuery.Builder filter = new BooleanQuery.Builder()
			.add(new TermQuery(new Term(COLLECTION, request.collection())), Occur.FILTER)
			.add(tenants.build(), Occur.FILTER);
		request.filters().forEach((k, v) -> filter.add(new TermQuery(new Term(META + k, v)), Occur.FILTER));
		return filter.build();
	}

	private List<SearchHit> lexical(SearchRequest request, Query filter, int k) throws IOException {
		String escaped = QueryParser.escape(request.query()).strip();
		if (escaped.isEmpty()) {
			return List.of();
		}
		Query text;
		try {
			MultiFieldQueryParser parser = new MultiFieldQueryParser(new String[] { TEXT, SECTION_TEXT },
					this.analyzer, FIELD_BOOSTS);
			parser.setDefaultOperator(QueryParser.Operator.OR);
			text = parser.parse(escaped);
		}
		catch (ParseException ex) {
			return List.of(); // only stop words, or nothing searchable
		}
		Query query = new BooleanQuery.Builder().add(filter, Occur.FILTER).add(text, Occur.MUST).build();
		return run(query, k, "bm25", false);
	}

	private List<SearchHit> vector(SearchRequest request, Query filter, int k) throws IOException {
		int width = request.searchWidth() > 0 ? request.searchWidth() : this.vectorCandidates;
		Query query = new KnnFloatVectorQuery(VECTOR, request.queryVector(), Math.max(k, width), filter);
		return run(query, k, "vector", true);
	}

	private List<SearchHit> run(Query query, int k, String method, boolean cosine) throws IOException {
		IndexSearcher searcher = this.searchers.acquire();
		try {
			List<SearchHit> hits = new ArrayList<>();
			for (ScoreDoc scoreDoc : searcher.search(query, k).scoreDocs) {
				KnowledgeChunk chunk = chunkOf(searcher, scoreDoc.doc);
				// Lucene scores cosine as (1 + cos) / 2; report the cosine itself
				double score = cosine ? 2.0 * scoreDoc.score - 1.0 : scoreDoc.score;
				hits.add(new SearchHit(chunk, score, method));
			}
			return hits;
		}
		finally {
			this.searchers.release(searcher);
		}
	}

	/**
	 * A hit's chunk, from its binary doc value. Stored fields would do, but they decompress a block of tens of
	 * kilobytes per document read, which cost as much as the vector search itself.
	 */
	private static KnowledgeChunk chunkOf(IndexSearcher searcher, int doc) throws IOException {
		List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
		LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
		BinaryDocValues payloads = DocValues.getBinary(leaf.reader(), PAYLOAD);
		if (!payloads.advanceExact(doc - leaf.docBase)) {
			throw new IllegalStateException("knowledge index entry " + doc + " was written in an older format; delete the"
					+ " index folder and re-index the collections (the uploaded documents are kept in the archive)");
		}
		return ChunkPayload.read(payloads.binaryValue());
	}

	/** Every stored chunk matching a query, in index order. */
	private List<KnowledgeChunk> all(Query query) {
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				int matching = searcher.count(query);
				List<KnowledgeChunk> chunks = new ArrayList<>(matching);
				if (matching == 0) {
					return chunks;
				}
				for (ScoreDoc scoreDoc : searcher.search(query, matching).scoreDocs) {
					chunks.add(chunkOf(searcher, scoreDoc.doc));
				}
				return chunks;
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public List<KnowledgeChunk> documentChunks(String tenant, String collection, String documentId) {
		List<KnowledgeChunk> chunks = all(new TermQuery(new Term(DOCUMENT_KEY, key(tenant, collection, documentId))));
		chunks.sort(java.util.Comparator.comparingInt(KnowledgeChunk::start));
		return chunks;
	}

	@Override
	public List<StoredDocument> documents(String tenant, String collection) {
		Map<String, List<KnowledgeChunk>> byDocument = new java.util.TreeMap<>();
		for (KnowledgeChunk chunk : all(new BooleanQuery.Builder()
			.add(new TermQuery(new Term(TENANT, tenant)), Occur.FILTER)
			.add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
			.build())) {
			byDocument.computeIfAbsent(chunk.documentId(), id -> new ArrayList<>()).add(chunk);
		}
		List<StoredDocument> documents = new ArrayList<>(byDocument.size());
		byDocument.forEach((id, chunks) -> documents
			.add(new StoredDocument(id, chunks.get(0).documentTitle(), chunks.size(), chunks.get(0).metadata())));
		return documents;
	}

	/**
	 * Merges the index into one segment after a bulk load: searches then walk one HNSW graph instead of one per
	 * segment. Expensive; not needed for correctness.
	 */
	public synchronized void compact() {
		try {
			this.writer.forceMerge(1);
			this.writer.commit();
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public long count(String tenant, String collection) {
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				return searcher.count(new BooleanQuery.Builder()
					.add(new TermQuery(new Term(TENANT, tenant)), Occur.FILTER)
					.add(new TermQuery(new Term(COLLECTION, collection)), Occur.FILTER)
					.build());
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized int deleteDocument(String tenant, String collection, String documentId) {
		Term key = new Term(DOCUMENT_KEY, key(tenant, collection, documentId));
		try {
			int existing;
			IndexSearcher searcher = this.searchers.acquire();
			try {
				existing = searcher.count(new TermQuery(key));
			}
			finally {
				this.searchers.release(searcher);
			}
			this.writer.deleteDocuments(key);
			this.writer.commit();
			this.searchers.maybeRefreshBlocking();
			return existing;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void replaceDocument(String tenant, String collection, String documentId,
			List<KnowledgeChunk> chunks) {
		try {
			this.writer.deleteDocuments(new Term(DOCUMENT_KEY, key(tenant, collection, documentId)));
			for (KnowledgeChunk chunk : chunks) {
				this.writer.addDocument(document(chunk));
			}
			// one commit for the delete and the adds: readers see the old document or the new one
			this.writer.commit();
			this.searchers.maybeRefreshBlocking();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public java.util.Optional<String> documentHash(String tenant, String collection, String documentId) {
		try {
			IndexSearcher searcher = this.searchers.acquire();
			try {
				ScoreDoc[] docs = searcher.search(new TermQuery(new Term(DOCUMENT_KEY, key(tenant, collection, documentId))),
						1).scoreDocs;
				if (docs.length == 0) {
					return java.util.Optional.empty();
				}
				return java.util.Optional.ofNullable(chunkOf(searcher, docs[0].doc).metadata().get(CONTENT_HASH));
			}
			finally {
				this.searchers.release(searcher);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.searchers.close();
		this.writer.close();
		this.directory.close();
		this.analyzer.close();
	}

}
