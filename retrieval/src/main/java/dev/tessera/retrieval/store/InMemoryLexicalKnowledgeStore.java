package dev.tessera.retrieval.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;

import dev.tessera.retrieval.KnowledgeChunk;
import dev.tessera.retrieval.KnowledgeStore;
import dev.tessera.retrieval.SearchHit;
import dev.tessera.retrieval.SearchRequest;

/**
 * Lexical (BM25) knowledge store held in memory with Apache Lucene. Suited to pack knowledge that is re-read at
 * start-up; it keeps nothing on disk.
 *
 * <p>
 * Limitations: lexical only, so a question worded differently from the source may find nothing.
 */
public final class InMemoryLexicalKnowledgeStore implements KnowledgeStore, AutoCloseable {

	private static final String COLLECTION = "collection";

	private static final String TEXT = "text";

	private static final String SECTION = "sectionText";

	private static final java.util.Map<String, Float> FIELD_BOOSTS = java.util.Map.of(TEXT, 1.0f, SECTION, 2.0f);

	private final Analyzer analyzer = new EnglishAnalyzer();

	private final Directory directory = new ByteBuffersDirectory();

	private final IndexWriter writer;

	public InMemoryLexicalKnowledgeStore() {
		try {
			this.writer = new IndexWriter(this.directory, new IndexWriterConfig(this.analyzer));
			this.writer.commit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public synchronized void add(List<KnowledgeChunk> chunks) {
		try {
			for (KnowledgeChunk chunk : chunks) {
				Document doc = new Document();
				doc.add(new StringField(COLLECTION, chunk.collection(), Field.Store.YES));
				doc.add(new StoredField("documentId", chunk.documentId()));
				doc.add(new StoredField("documentTitle", chunk.documentTitle()));
				doc.add(new StoredField("section", chunk.section()));
				doc.add(new TextField(TEXT, chunk.text(), Field.Store.NO));
				// the heading is searched on its own and weighs more: questions usually name the topic it names
				doc.add(new TextField(SECTION, chunk.section(), Field.Store.NO));
				doc.add(new StoredField("body", chunk.text()));
				doc.add(new IntField("start", chunk.start(), Field.Store.YES));
				doc.add(new IntField("end", chunk.end(), Field.Store.YES));
				this.writer.addDocument(doc);
			}
			this.writer.commit();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public List<SearchHit> search(SearchRequest request) {
		String escaped = QueryParser.escape(request.query()).strip();
		if (escaped.isEmpty()) {
			return List.of();
		}
		try (DirectoryReader reader = DirectoryReader.open(this.directory)) {
			Query text;
			try {
				QueryParser parser = new org.apache.lucene.queryparser.classic.MultiFieldQueryParser(
						new String[] { TEXT, SECTION }, this.analyzer, FIELD_BOOSTS);
				parser.setDefaultOperator(QueryParser.Operator.OR);
				text = parser.parse(escaped);
			}
			catch (org.apache.lucene.queryparser.classic.ParseException ex) {
				return List.of();
			}
			Query query = new BooleanQuery.Builder()
				.add(new TermQuery(new Term(COLLECTION, request.collection())), BooleanClause.Occur.FILTER)
				.add(text, BooleanClause.Occur.MUST)
				.build();
			IndexSearcher searcher = new IndexSearcher(reader);
			List<SearchHit> hits = new ArrayList<>();
			for (ScoreDoc scoreDoc : searcher.search(query, request.topK()).scoreDocs) {
				Document doc = searcher.storedFields().document(scoreDoc.doc);
				KnowledgeChunk chunk = new KnowledgeChunk(doc.get(COLLECTION), doc.get("documentId"),
						doc.get("documentTitle"), doc.get("section"), doc.get("body"),
						doc.getField("start").numericValue().intValue(), doc.getField("end").numericValue().intValue());
				hits.add(new SearchHit(chunk, scoreDoc.score, "bm25"));
			}
			return hits;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public long count(String collection) {
		try (DirectoryReader reader = DirectoryReader.open(this.directory)) {
			return new IndexSearcher(reader).count(new TermQuery(new Term(COLLECTION, collection)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() throws IOException {
		this.writer.close();
		this.directory.close();
		this.analyzer.close();
	}

}
